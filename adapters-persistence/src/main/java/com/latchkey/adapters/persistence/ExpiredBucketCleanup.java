package com.latchkey.adapters.persistence;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes refilled buckets from the shared table every {@code LATCHKEY_LIMITS_CLEANUP_INTERVAL}, so
 * that the table holds only the subjects charged lately, however many clients come and go. Every
 * instance runs it; they skip each other's locked rows. A failed run (database down) is logged once
 * and tried again next time.
 */
@Context
@Requires(beans = SharedBuckets.class)
final class ExpiredBucketCleanup {

    static final int BATCH_SIZE = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredBucketCleanup.class);

    private final SharedBuckets buckets;
    private final ScheduledFuture<?> schedule;
    private volatile boolean failing;

    ExpiredBucketCleanup(
            SharedBuckets buckets,
            @Property(name = "latchkey.limits.cleanup-interval", defaultValue = "PT5M") String interval,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.buckets = buckets;
        Duration every = interval(interval);
        this.schedule = scheduler.scheduleWithFixedDelay(every, every, this::run);
    }

    private static Duration interval(String value) {
        try {
            Duration interval = Duration.parse(value.strip());
            if (interval.isNegative() || interval.isZero()) {
                throw new DateTimeParseException("not positive", value, 0);
            }
            return interval;
        } catch (DateTimeParseException malformed) {
            throw new ConfigurationException("LATCHKEY_LIMITS_CLEANUP_INTERVAL must be a positive ISO-8601 duration"
                    + " such as PT5M, not '" + value + "'");
        }
    }

    void run() {
        try {
            int removed = buckets.removeExpired(BATCH_SIZE);
            LOG.debug("removed {} refilled rate-limit buckets", removed);
            if (failing) {
                LOG.info("rate-limit bucket cleanup works again");
                failing = false;
            }
        } catch (RuntimeException failed) {
            if (!failing) {
                LOG.warn(
                        "rate-limit bucket cleanup failed ({}); trying again next interval",
                        failed.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    @PreDestroy
    void stop() {
        schedule.cancel(false);
    }
}
