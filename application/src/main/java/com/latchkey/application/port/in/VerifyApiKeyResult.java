package com.latchkey.application.port.in;

import com.latchkey.domain.KeyId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What a verification came to. Unknown email, wrong key and malformed key are all {@link InvalidCredentials}. */
public sealed interface VerifyApiKeyResult {

    record Verified(KeyId keyId, Instant verifiedAt) implements VerifyApiKeyResult {

        public Verified {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(verifiedAt, "verifiedAt");
        }
    }

    record InvalidCredentials() implements VerifyApiKeyResult {}

    /** Email and key match, but the key was not verified within its window. */
    record Expired() implements VerifyApiKeyResult {}

    /** Email and key match, but the key was revoked or replaced by a newer one. */
    record Revoked() implements VerifyApiKeyResult {}

    /** Too many failed verifications for this email or from this client; try again after the wait. */
    record RateLimited(Duration retryAfter) implements VerifyApiKeyResult {

        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
