package com.latchkey.adapters.persistence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit events older than {@code LATCHKEY_RETENTION_AUDIT} (SPEC §9, default P90D), every
 * {@code LATCHKEY_RETENTION_INTERVAL}, a batch per transaction, oldest first. Idempotent; on
 * PostgreSQL each batch holds a transaction-scoped advisory lock, so one instance at a time does
 * the work and the others skip their turn. Counted in {@code latchkey_retention_removed_total{kind="audit"}}.
 */
@Context
class AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);
    static final int BATCH = 1_000;
    /** The advisory lock's key: any constant that no other lock of the service uses. */
    private static final long LOCK = 0x4c4b_4155_4449_5400L;

    private final DataSource dataSource;
    private final Duration keep;
    private final Counter removed;
    private final ScheduledExecutorService worker;
    private volatile boolean failing;

    AuditRetention(
            DataSource dataSource,
            MeterRegistry meters,
            @Property(name = "latchkey.retention.audit") Duration keep,
            @Property(name = "latchkey.retention.interval") Duration interval) {
        if (keep.isNegative() || keep.isZero()) {
            throw new ConfigurationException(
                    "LATCHKEY_RETENTION_AUDIT must be a positive ISO-8601 duration such as P90D");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("LATCHKEY_RETENTION_INTERVAL must be a duration of at least 1s");
        }
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.keep = keep;
        this.removed = Counter.builder("latchkey.retention.removed")
                .tag("kind", "audit")
                .description("rows the retention job deleted")
                .register(meters);
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-retention");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void run() {
        try {
            long count = removeOlderThan(Instant.now().minus(keep));
            if (count > 0) {
                LOG.info("{} audit events older than {} deleted", count, keep);
            }
            failing = false;
        } catch (SQLException | RuntimeException failed) {
            if (!failing) {
                LOG.warn(
                        "deleting old audit events failed ({}); tried again",
                        failed.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    /** Deletes every audit event before {@code cutoff}, a batch per transaction; answers how many. */
    long removeOlderThan(Instant cutoff) throws SQLException {
        long total = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
            connection.setAutoCommit(false);
            try {
                while (true) {
                    if (postgres && !locked(connection)) {
                        connection.rollback();
                        return total;
                    }
                    int deleted;
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event WHERE occurred_at < ?"
                                    + " ORDER BY occurred_at FETCH FIRST " + BATCH + " ROWS ONLY)")) {
                        delete.setTimestamp(1, Timestamp.from(cutoff));
                        deleted = delete.executeUpdate();
                    }
                    connection.commit();
                    total += deleted;
                    removed.increment(deleted);
                    if (deleted < BATCH) {
                        return total;
                    }
                }
            } catch (SQLException failed) {
                connection.rollback();
                throw failed;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Takes this job's lock until the transaction ends; false when another instance holds it. */
    private static boolean locked(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            try (ResultSet answer = lock.executeQuery()) {
                return answer.next() && answer.getBoolean(1);
            }
        }
    }
}
