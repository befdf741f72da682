package com.latchkey.bootstrap;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness, answered from memory (SPEC §2). Micronaut's own liveness indicator looks for deadlocked
 * threads on every call, which stops every thread of the JVM at a safepoint, for anyone who calls
 * {@code /health/liveness}; it is switched off ({@code endpoints.health.deadlocked-threads.enabled}).
 * This one looks every {@link #INTERVAL} on a thread of its own and answers the last look: DOWN
 * once threads are deadlocked, which only a restart cures. The answer itself comes from an event
 * loop, so a probe that gets one knows the process is up and its event loops answer.
 */
@Context
@Liveness
class DeadlockWatch implements HealthIndicator {

    /** Well inside a liveness probe's usual patience (three failures ten seconds apart). */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DeadlockWatch.class);

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ScheduledExecutorService watcher;
    private volatile HealthResult last;

    @Inject
    DeadlockWatch() {
        this(INTERVAL);
    }

    /** Looks every {@code interval}: shorter in tests, to see a scheduled look turn liveness DOWN. */
    DeadlockWatch(Duration interval) {
        this.last = look();
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deadlock-watch");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(
                () -> last = look(), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(last);
    }

    /** Looks for deadlocked threads now; the answer {@link #getResult()} gives until the next look. */
    HealthResult look() {
        long[] deadlocked = threads.findDeadlockedThreads();
        boolean down = deadlocked != null && deadlocked.length > 0;
        HealthResult previous = last;
        if (down && (previous == null || previous.getStatus() != HealthStatus.DOWN)) {
            LOG.error("{} threads are deadlocked; liveness is DOWN", deadlocked.length);
        }
        return HealthResult.builder("threads", down ? HealthStatus.DOWN : HealthStatus.UP)
                .build();
    }

    @PreDestroy
    void stop() {
        watcher.shutdownNow();
    }
}
