package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;

/**
 * Removes an owner from the store (SPEC §9): their requests, keys and delivery attempts, their store
 * and its grants, their links, and from their audit events everything but the type, the time and the
 * key id. All of it or nothing, in one transaction.
 */
public interface EraseOwnerDataPort {

    /** Erases the owner (the email case-folded, under every configured pepper); answers what it removed. */
    Erased erase(EmailAddress owner);

    /** How many of each the erasure removed. */
    record Erased(int requests, int keys, int grants, int auditEventsStripped) {}
}
