package com.latchkey.application.port.out;

import java.time.Duration;
import java.util.Objects;

/** At most {@code capacity} events per {@code period}, refilled gradually; {@code name} tells buckets apart. */
public record RateLimit(String name, long capacity, Duration period) {

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        if (capacity < 1) {
            throw new IllegalArgumentException(name + ": capacity must be at least 1");
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException(name + ": period must be positive");
        }
    }
}
