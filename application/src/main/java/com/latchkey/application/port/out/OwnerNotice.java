package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyHint;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail telling an owner that one of their keys was revoked by someone else: an operator, or a
 * secret scanner's report of the key found in public ({@code foundAt}, where it was found). Its
 * words are the brand's; it holds no key and nothing anyone typed.
 */
public record OwnerNotice(EmailAddress to, KeyHint key, Instant revokedAt, Reason reason, Optional<URI> foundAt) {

    public enum Reason {
        REVOKED_BY_OPERATOR,
        REPORTED_LEAKED
    }

    public OwnerNotice {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(foundAt, "foundAt");
        if (foundAt.isPresent() && reason != Reason.REPORTED_LEAKED) {
            throw new IllegalArgumentException("only a leaked key was found somewhere");
        }
    }
}
