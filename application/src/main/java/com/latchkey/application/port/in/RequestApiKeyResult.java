package com.latchkey.application.port.in;

import com.latchkey.domain.RequestId;
import java.util.Objects;

/** What became of a key request. */
public sealed interface RequestApiKeyResult {

    /** Stored and due for delivery; the same answer whether or not the email is known. */
    record Accepted(RequestId requestId) implements RequestApiKeyResult {

        public Accepted {
            Objects.requireNonNull(requestId, "requestId");
        }
    }
}
