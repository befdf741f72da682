package com.latchkey.application.port.out;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets shared by every instance: one bucket per limit and subject (an email, a client
 * address, or one subject for a global limit). Answers empty when allowed, or how long to wait.
 */
public interface RateLimitPort {

    /** Takes one token; when none is left, takes nothing and answers the wait until one is. */
    Optional<Duration> tryConsume(RateLimit limit, String subject);

    /** Whether a token is left, without taking it. */
    Optional<Duration> probe(RateLimit limit, String subject);
}
