package com.latchkey.application.service;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the delivery retries: at most {@code maxAttempts} attempts, waiting {@code initialBackoff}
 * doubled after each failure up to {@code maxBackoff}, with jitter; a claimed request is held for
 * {@code lease}; keys stay verifiable for {@code verifyWindow} after they are minted.
 */
public record DeliveryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration lease,
        int batchSize,
        Duration verifyWindow) {

    public DeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(lease, "lease");
        requirePositive(verifyWindow, "verifyWindow");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
        }
    }

    /**
     * The wait after the {@code attemptsMade}-th failed attempt: the exponential step, capped, then
     * drawn uniformly from its upper half so that instances that failed together spread out.
     */
    public Duration backoffAfter(int attemptsMade, RandomGenerator random) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
        long stepMillis = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << doublings);
        long half = stepMillis / 2;
        return Duration.ofMillis(half + random.nextLong(stepMillis - half + 1));
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
