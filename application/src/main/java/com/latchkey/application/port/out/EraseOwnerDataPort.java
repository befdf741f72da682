package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import java.util.Set;

/**
 * Removes an owner from the store (SPEC §9): their requests, keys and delivery attempts, their store
 * and its grants, their links, and from their audit events everything but the type, the time and the
 * key id. All of it or nothing, in one transaction.
 */
public interface EraseOwnerDataPort {

    /** Erases the owner (the email case-folded, under every configured pepper); answers what it removed. */
    Erased erase(EmailAddress owner);

    /**
     * Leaves type, time and key id of the owner's audit events (under their index, or about one of
     * {@code keys}) again: for events written after the erasure by work that had begun before it.
     * Answers how many it stripped.
     */
    int stripAudit(EmailAddress owner, Set<KeyId> keys);

    /** How many of each the erasure removed. */
    record Erased(int requests, int keys, int grants, int auditEventsStripped) {}
}
