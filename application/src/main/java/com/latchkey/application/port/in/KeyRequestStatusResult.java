package com.latchkey.application.port.in;

import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import java.time.Instant;
import java.util.Objects;

/** How a key request stands, or that there is no such request. */
public sealed interface KeyRequestStatusResult {

    record Found(RequestId requestId, RequestStatus status, int attempts, Instant updatedAt)
            implements KeyRequestStatusResult {

        public Found {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    record NotFound() implements KeyRequestStatusResult {}
}
