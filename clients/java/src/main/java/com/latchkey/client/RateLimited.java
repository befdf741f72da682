package com.latchkey.client;

import java.time.Duration;

/**
 * {@code 429 RATE_LIMITED}: too many attempts; try again after {@code retryAfter} (the service's
 * {@code Retry-After}). Returned when the wait is longer than the retry policy takes on itself, or
 * when the attempts ran out.
 */
public record RateLimited(Duration retryAfter)
        implements KeyRequestResult, VerifyResult, IdentifyResult, RevokeResult, AccessResult, ConsentRequestResult {}
