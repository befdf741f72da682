package com.latchkey.application.port.in;

import com.latchkey.domain.RequestId;
import java.time.Duration;
import java.util.Objects;

/** What became of a key request. */
public sealed interface RequestApiKeyResult {

    /** Stored and due for delivery; the same answer whether or not the email is known. */
    record Accepted(RequestId requestId) implements RequestApiKeyResult {

        public Accepted {
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** Too many requests for this email, from this client, or overall; try again after the wait. */
    record RateLimited(Duration retryAfter) implements RequestApiKeyResult {

        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }
}
