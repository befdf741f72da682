package com.latchkey.adapters.keycache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the states of the keys integrations are using again before the cache's bound runs out,
 * every quarter of the bound. A failed round (database down) is logged once; the entries then age out
 * on their own and calls read the database until a round works again.
 */
@Context
class KeyCacheRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(KeyCacheRefresher.class);

    private final KeyStateCache cache;
    private final Timer rounds;
    private final Counter keysRead;
    private final ScheduledFuture<?> schedule;
    private volatile boolean failing;

    KeyCacheRefresher(
            KeyStateCache cache, MeterRegistry meters, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.cache = cache;
        this.rounds = Timer.builder("latchkey.key.cache.refresh")
                .description("one round of reading the states of cached keys again")
                .register(meters);
        this.keysRead = Counter.builder("latchkey.key.cache.refreshed")
                .description("cached keys whose state was read again")
                .register(meters);
        Duration interval = cache.refreshInterval();
        this.schedule = interval.isZero() ? null : scheduler.scheduleWithFixedDelay(interval, interval, this::refresh);
    }

    void refresh() {
        try {
            keysRead.increment(rounds.record(cache::refresh));
            if (failing) {
                LOG.info("key cache refresh works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn(
                        "key cache refresh failed ({}); cached keys age out until it works again",
                        e.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
