package com.latchkey.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver a request's key: which key it minted, when, and how it ended. The error
 * is the kind of failure only (a class name), never a message that could quote an address.
 */
public record DeliveryAttempt(RequestId requestId, int number, KeyId keyId, Instant at, Outcome outcome, String error) {

    public enum Outcome {
        DELIVERED,
        FAILED
    }

    public DeliveryAttempt {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        if (number < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1");
        }
        if ((outcome == Outcome.FAILED) != (error != null)) {
            throw new IllegalArgumentException("exactly the failed attempts carry an error");
        }
        if (error != null && error.length() > 200) {
            error = error.substring(0, 200);
        }
    }

    public static DeliveryAttempt delivered(KeyRequest request, KeyId keyId, Instant at) {
        return new DeliveryAttempt(request.id(), request.attempts() + 1, keyId, at, Outcome.DELIVERED, null);
    }

    public static DeliveryAttempt failed(KeyRequest request, KeyId keyId, Instant at, String error) {
        return new DeliveryAttempt(request.id(), request.attempts() + 1, keyId, at, Outcome.FAILED, error);
    }
}
