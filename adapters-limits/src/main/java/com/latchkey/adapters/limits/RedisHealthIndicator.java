package com.latchkey.adapters.limits;

import com.latchkey.adapters.limits.RedisLimitsFactory.RedisLimitsConnection;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of the redis limits adapter: Redis answers a PING within {@code LATCHKEY_REDIS_TIMEOUT}.
 * Probed in the background every {@code LATCHKEY_READINESS_INTERVAL}; a readiness call answers the
 * last probe's result, so anonymous callers of {@code /health/readiness} cannot make this service
 * hammer Redis. While Redis is out of reach every limited call is answered 503, so the instance is
 * not ready either.
 */
@Singleton
@Readiness
@Requires(property = LimitsFactory.LIMITS, value = "redis")
@Requires(property = LimitsFactory.LIMITS_ENABLED, notEquals = "false")
final class RedisHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(RedisHealthIndicator.class);

    private final RedisLimitsConnection redis;
    private final Duration timeout;
    private final ScheduledExecutorService prober;
    private final CompletableFuture<HealthResult> firstProbe = new CompletableFuture<>();
    private volatile HealthResult last;

    RedisHealthIndicator(
            RedisLimitsConnection redis,
            RedisSettings settings,
            @Property(name = "latchkey.readiness.interval", defaultValue = "5s") Duration interval) {
        this.redis = redis;
        this.timeout = settings.timeout();
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redis-readiness");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, 0, Math.max(interval.toMillis(), 1_000), TimeUnit.MILLISECONDS);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult known = last;
        return known != null ? Publishers.just(known) : Publishers.fromCompletableFuture(firstProbe);
    }

    void probe() {
        String failure = null;
        try {
            String answer = redis.connection().async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!"PONG".equals(answer)) {
                failure = "unexpected answer";
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception unreachable) {
            failure = unreachable.getClass().getSimpleName();
        }
        HealthResult previous = last;
        HealthResult result = HealthResult.builder("limits", failure == null ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("adapter", "redis"))
                .build();
        last = result;
        firstProbe.complete(result);
        if (failure != null && (previous == null || previous.getStatus() != HealthStatus.DOWN)) {
            LOG.warn("redis limits not ready ({}); readiness is DOWN until a probe succeeds", failure);
        } else if (failure == null && previous != null && previous.getStatus() == HealthStatus.DOWN) {
            LOG.info("redis limits ready again");
        }
    }

    HealthStatus lastStatus() {
        HealthResult known = last;
        return known == null ? HealthStatus.UNKNOWN : known.getStatus();
    }

    @PreDestroy
    void stop() {
        prober.shutdownNow();
    }
}
