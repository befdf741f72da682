package com.latchkey.bootstrap;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The instance's clock, {@code test.clock-offset} (an ISO-8601 duration) ahead of the real one: how a
 * test lets days pass for the services and the jobs that read the clock (retention among them).
 */
@Singleton
@Replaces(bean = Clock.class, factory = ServiceFactory.class)
@Requires(property = "test.clock-offset")
class MovedClock extends Clock {

    private final Duration offset;

    MovedClock(@Property(name = "test.clock-offset") Duration offset) {
        this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
