package com.latchkey.application.port.in;

import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.StoreId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which store a presented key identifies: identity only, no name, no email (SPEC §9). Anything but
 * an active key is {@link InvalidCredentials}.
 */
public sealed interface AuthenticateIntegrationResult {

    record Authenticated(KeyId keyId, StoreId storeId, KeyStatus status, Instant verifiedAt, List<String> scopes)
            implements AuthenticateIntegrationResult {

        public Authenticated {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(storeId, "storeId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(verifiedAt, "verifiedAt");
            scopes = List.copyOf(scopes);
        }
    }

    record InvalidCredentials() implements AuthenticateIntegrationResult {}

    record RateLimited(Duration retryAfter) implements AuthenticateIntegrationResult {

        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
