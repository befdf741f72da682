package com.latchkey.adapters.web;

import io.micronaut.http.HttpResponse;
import java.time.Duration;

/** The 429 answer: a problem with the wait in words, and {@code Retry-After} in seconds. */
final class RateLimitedResponses {

    private RateLimitedResponses() {}

    static HttpResponse<Problem> tooMany(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        long minutes = Math.max(1, (seconds + 59) / 60);
        Problem problem = Problem.of(
                ProblemCode.RATE_LIMITED,
                "Too many attempts. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes."));
        return problem.toResponse().header("Retry-After", Long.toString(seconds));
    }
}
