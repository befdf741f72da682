package com.latchkey.application.service;

import com.latchkey.application.port.out.RateLimit;
import java.util.Objects;

/** The limits of SPEC §5, each a token bucket per subject. */
public record RateLimits(
        RateLimit failedVerificationsPerEmail,
        RateLimit failedVerificationsPerClient,
        RateLimit requestsPerEmail,
        RateLimit requestsPerClient,
        RateLimit requestsGlobal,
        RateLimit failedAuthenticationsPerClient) {

    public RateLimits {
        Objects.requireNonNull(failedVerificationsPerEmail, "failedVerificationsPerEmail");
        Objects.requireNonNull(failedVerificationsPerClient, "failedVerificationsPerClient");
        Objects.requireNonNull(requestsPerEmail, "requestsPerEmail");
        Objects.requireNonNull(requestsPerClient, "requestsPerClient");
        Objects.requireNonNull(requestsGlobal, "requestsGlobal");
        Objects.requireNonNull(failedAuthenticationsPerClient, "failedAuthenticationsPerClient");
    }
}
