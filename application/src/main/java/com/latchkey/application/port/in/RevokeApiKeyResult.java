package com.latchkey.application.port.in;

import com.latchkey.domain.KeyId;
import java.time.Duration;
import java.util.Objects;

/** What a revocation came to. */
public sealed interface RevokeApiKeyResult {

    record Revoked(KeyId keyId) implements RevokeApiKeyResult {

        public Revoked {
            Objects.requireNonNull(keyId, "keyId");
        }
    }

    record InvalidCredentials() implements RevokeApiKeyResult {}

    record RateLimited(Duration retryAfter) implements RevokeApiKeyResult {

        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
