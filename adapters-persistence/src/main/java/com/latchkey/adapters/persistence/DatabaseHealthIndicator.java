package com.latchkey.adapters.persistence;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of the database: a pooled connection that answers. It is probed in the background, at
 * start and then every {@code LATCHKEY_READINESS_INTERVAL}; a readiness call answers the last
 * probe's result and touches no connection, so anonymous callers of {@code /health/readiness}
 * cannot take connections from the requests or load the database (Micronaut's own JDBC indicator,
 * which queries per call, is switched off). Details say nothing about the database's address.
 */
@Context
@Readiness
@Requires(beans = DataSource.class)
class DatabaseHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealthIndicator.class);
    private static final int VALID_WITHIN_SECONDS = 2;

    private final DataSource dataSource;
    private final ScheduledExecutorService prober;
    private final CompletableFuture<HealthResult> firstProbe = new CompletableFuture<>();
    private volatile HealthResult last;

    DatabaseHealthIndicator(
            DataSource dataSource,
            @Property(name = "latchkey.readiness.interval", defaultValue = "5s") Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("LATCHKEY_READINESS_INTERVAL must be a duration of at least PT1S");
        }
        // The pool itself, not a wrapper that would join a transaction of the calling thread.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        // Its own thread: a probe waits up to the pool's connection timeout when the database is
        // away, which must not delay the dispatcher's or anyone else's scheduled work.
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "database-readiness");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult known = last;
        // Only a call in the first moments after start waits, and then for the one probe under way.
        return known != null ? Publishers.just(known) : Publishers.fromCompletableFuture(firstProbe);
    }

    private void probe() {
        String failure = failure();
        HealthResult previous = last;
        HealthResult result = HealthResult.builder("database", failure == null ? HealthStatus.UP : HealthStatus.DOWN)
                .build();
        last = result;
        firstProbe.complete(result);
        if (failure != null && (previous == null || previous.getStatus() != HealthStatus.DOWN)) {
            LOG.warn("database not ready ({}); readiness is DOWN until a probe succeeds", failure);
        } else if (failure == null && previous != null && previous.getStatus() == HealthStatus.DOWN) {
            LOG.info("database ready again");
        }
    }

    /** Null when a connection is had and answers within two seconds; otherwise what went wrong, by class. */
    private String failure() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALID_WITHIN_SECONDS) ? null : "connection not valid";
        } catch (Exception unreachable) {
            return unreachable.getClass().getSimpleName();
        }
    }

    @PreDestroy
    void stop() {
        prober.shutdownNow();
    }
}
