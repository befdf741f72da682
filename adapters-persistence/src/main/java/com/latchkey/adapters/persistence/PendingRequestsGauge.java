package com.latchkey.adapters.persistence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * How many key requests wait for their mail, and for how long the oldest has waited, read from the
 * store every {@link #EVERY} (never on a scrape, which must not wait for the database):
 * {@code latchkey_key_requests_pending} and {@code latchkey_key_requests_oldest_pending_seconds}.
 * The same on every instance, as they share the store; a value the store could not give is kept
 * from the read before.
 */
@Context
class PendingRequestsGauge {

    static final Duration EVERY = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private volatile long pending;
    private volatile double oldestSeconds;

    PendingRequestsGauge(DataSource dataSource, MeterRegistry meters, Optional<Clock> clock) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.clock = clock.orElseGet(Clock::systemUTC);
        Gauge.builder("latchkey.key.requests.pending", this, gauge -> gauge.pending)
                .description("key requests whose mail has not been sent yet (delivery pending or being retried)")
                .register(meters);
        Gauge.builder("latchkey.key.requests.oldest.pending", this, gauge -> gauge.oldestSeconds)
                .baseUnit("seconds")
                .description("how long the oldest key request still waiting for its mail has waited (0 when none)")
                .register(meters);
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pending-requests-gauge");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::refreshQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (SQLException | RuntimeException unreachable) {
            // Kept from the read before; the readiness check tells the store is down.
        }
    }

    /** Reads both numbers from the store now. */
    void refresh() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT COUNT(*), MIN(created_at) FROM key_request WHERE status = 'PENDING'");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            long count = rows.getLong(1);
            Timestamp oldest = rows.getTimestamp(2);
            pending = count;
            oldestSeconds = oldest == null
                    ? 0
                    : Math.max(
                            0,
                            Duration.between(oldest.toInstant(), clock.instant())
                                            .toMillis()
                                    / 1000.0);
        }
    }

    long pending() {
        return pending;
    }

    double oldestSeconds() {
        return oldestSeconds;
    }
}
