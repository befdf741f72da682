package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;

/**
 * Keeps personal data unreadable at rest: an owner's email is sealed for showing it back, and any
 * identifying text (an owner, a client address) is found by a keyed index that does not reveal it.
 */
public interface SealPersonalDataPort {

    /** A keyed digest of identifying text, as 64 hex characters: the same for the same text, irreversible without the secret. */
    String index(String text);

    /** The index of an owner: the email case-folded, so one owner is one index however it is typed. */
    default String index(EmailAddress email) {
        return index(email.owner());
    }

    String seal(EmailAddress email);

    /** The email a {@link #seal} made; fails when it was sealed under another secret or altered. */
    EmailAddress open(String sealed);
}
