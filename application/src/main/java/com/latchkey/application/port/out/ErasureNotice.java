package com.latchkey.application.port.out;

import com.latchkey.domain.EmailAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * The mail confirming to an owner that their data was erased: when, and how many keys stopped
 * working. Its words are the brand's; it holds no key, no name, nothing anyone typed.
 */
public record ErasureNotice(EmailAddress to, Instant erasedAt, int keysRevoked) {

    public ErasureNotice {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(erasedAt, "erasedAt");
        if (keysRevoked < 0) {
            throw new IllegalArgumentException("keysRevoked must not be negative");
        }
    }
}
