package com.latchkey.domain;

/**
 * Where a key is in its life. {@code MINTED} and {@code UNDELIVERED} are internal: a key whose
 * mail was not (yet) confirmed sent can never verify.
 */
public enum KeyStatus {
    /** Digest committed, mail being handed to the transport. */
    MINTED,
    /** The transport refused the mail; this key never verifies. */
    UNDELIVERED,
    /** Delivered, not yet verified. */
    PENDING,
    /** Verified by its owner; integrations may present it. */
    ACTIVE,
    REVOKED,
    EXPIRED
}
