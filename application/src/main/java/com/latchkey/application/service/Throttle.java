package com.latchkey.application.service;

import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Asks several buckets in turn and stops at the first that refuses. */
final class Throttle {

    private final RateLimitPort rateLimits;

    Throttle(RateLimitPort rateLimits) {
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
    }

    /** Takes a token from each bucket in order; answers the wait of the first that has none. */
    Optional<Duration> consume(RateLimit first, String firstSubject, Object... more) {
        Optional<Duration> refused = rateLimits.tryConsume(first, firstSubject);
        for (int i = 0; refused.isEmpty() && i < more.length; i += 2) {
            refused = rateLimits.tryConsume((RateLimit) more[i], (String) more[i + 1]);
        }
        return refused;
    }

    /** Whether any of the buckets is empty, without taking from them. */
    Optional<Duration> probe(RateLimit first, String firstSubject, RateLimit second, String secondSubject) {
        Optional<Duration> refused = rateLimits.probe(first, firstSubject);
        return refused.isPresent() ? refused : rateLimits.probe(second, secondSubject);
    }

    void charge(RateLimit limit, String subject) {
        rateLimits.tryConsume(limit, subject);
    }
}
