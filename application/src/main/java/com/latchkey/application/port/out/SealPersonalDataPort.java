package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import java.util.List;

/**
 * Keeps personal data unreadable at rest: an owner's email and name are sealed for showing them back, and any
 * identifying text (an owner, a client address) is found by a keyed index that does not reveal it.
 * While a secret is rotated out, values made under it still open and are still found; new ones are
 * made under the newest, and {@link #currentSecret()} tells which values are not yet.
 */
public interface SealPersonalDataPort {

    /** A keyed digest of identifying text under the newest secret, as 64 hex characters: irreversible without it. */
    String index(String text);

    /** The index of an owner: the email case-folded, so one owner is one index however it is typed. */
    default String index(EmailAddress email) {
        return index(email.owner());
    }

    /** The owner's index under every configured secret, newest first: stored values are found by any of them. */
    default List<String> indexes(EmailAddress email) {
        return List.of(index(email));
    }

    /** Seals under the newest secret; the sealed text names the secret it was made under. */
    String seal(EmailAddress email);

    /** The email a {@link #seal} made; fails when it was sealed under a secret no longer configured, or altered. */
    EmailAddress open(String sealed);

    /** Seals an owner's name under the newest secret; the sealed text names the secret it was made under. */
    String sealName(OwnerName name);

    /** The name a {@link #sealName} made, under any configured secret; fails as {@link #open} does. */
    OwnerName openName(String sealed);

    /**
     * The id of the secret a sealed value (an email's or a name's) was made under (the one that opens
     * it); fails as {@link #open} does.
     */
    default String secretOf(String sealed) {
        open(sealed);
        return currentSecret();
    }

    /** The id of the newest secret, which {@link #seal} and {@link #index(String)} use. */
    default String currentSecret() {
        return "";
    }
}
