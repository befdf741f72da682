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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention job (SPEC §9), every {@code LATCHKEY_RETENTION_INTERVAL}:
 *
 * <ul>
 *   <li>audit events older than {@code LATCHKEY_RETENTION_AUDIT} (P90D) are deleted;
 *   <li>keys that ended (revoked, expired, undelivered, or never verified in their window) more than
 *       {@code LATCHKEY_RETENTION_ENDED} (P30D) ago are deleted with their delivery attempts, and so
 *       are requests that failed that long ago or whose keys are all gone: nothing of them is needed
 *       once their owner is no longer known, so nothing is kept;
 *   <li>stores left without a key that long after they were made go with their grants and links,
 *       and links expired that long ago go too.
 * </ul>
 *
 * Time is the services' clock (the system's, unless the wiring gives another). A batch per
 * transaction; idempotent. On PostgreSQL each batch holds a
 * transaction-scoped advisory lock, so one instance at a time does the work and the others skip their
 * turn. Counted in {@code latchkey_retention_removed_total{kind}}.
 */
@Context
class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 1_000;
    /** The advisory lock's key: any constant that no other lock of the service uses. */
    private static final long LOCK = 0x4c4b_4155_4449_5400L;

    private static final String ENDED_KEY = "(status IN ('REVOKED', 'EXPIRED', 'UNDELIVERED') AND ended_at < ?)"
            + " OR (status IN ('MINTED', 'PENDING') AND expires_at < ?)";

    private final DataSource dataSource;
    private final Duration keepAudit;
    private final Duration keepEnded;
    private final Clock clock;
    private final Map<String, Counter> removed;
    private final ScheduledExecutorService worker;
    private volatile boolean failing;

    Retention(
            DataSource dataSource,
            MeterRegistry meters,
            @Property(name = "latchkey.retention.audit") Duration keepAudit,
            @Property(name = "latchkey.retention.ended") Duration keepEnded,
            @Property(name = "latchkey.retention.interval") Duration interval,
            Optional<Clock> clock) {
        positive(keepAudit, "LATCHKEY_RETENTION_AUDIT", "P90D");
        positive(keepEnded, "LATCHKEY_RETENTION_ENDED", "P30D");
        if (keepEnded.compareTo(Duration.ofDays(1)) < 0) {
            // A store is assigned just before its first key is stored: a shorter retention could take it between.
            throw new ConfigurationException("LATCHKEY_RETENTION_ENDED must be at least P1D");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("LATCHKEY_RETENTION_INTERVAL must be a duration of at least 1s");
        }
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.keepAudit = keepAudit;
        this.keepEnded = keepEnded;
        this.clock = clock.orElseGet(Clock::systemUTC);
        this.removed = Map.of(
                "audit", counter(meters, "audit"),
                "key", counter(meters, "key"),
                "request", counter(meters, "request"),
                "store", counter(meters, "store"),
                "link", counter(meters, "link"));
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "retention");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void positive(Duration keep, String variable, String example) {
        if (keep.isNegative() || keep.isZero()) {
            throw new ConfigurationException(variable + " must be a positive ISO-8601 duration such as " + example);
        }
    }

    private static Counter counter(MeterRegistry meters, String kind) {
        return Counter.builder("latchkey.retention.removed")
                .tag("kind", kind)
                .description("rows the retention job deleted")
                .register(meters);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    private void run() {
        try {
            Instant now = clock.instant();
            long audit = removeAuditBefore(now.minus(keepAudit));
            markEnded(now);
            long ended = removeEndedBefore(now.minus(keepEnded));
            if (audit + ended > 0) {
                LOG.info(
                        "retention: {} audit events and {} ended keys, requests, stores and links deleted",
                        audit,
                        ended);
            }
            failing = false;
        } catch (SQLException | RuntimeException failed) {
            if (!failing) {
                LOG.warn(
                        "the retention job failed ({}); tried again",
                        failed.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    /** Deletes every audit event before {@code cutoff}; answers how many. */
    long removeAuditBefore(Instant cutoff) throws SQLException {
        return inBatches("audit", connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event WHERE occurred_at < ?"
                            + " ORDER BY occurred_at FETCH FIRST " + BATCH + " ROWS ONLY)")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Gives a key that ended without saying when (changed by a hand-written UPDATE, or by an instance
     * of an earlier release) {@code now} as its end, so that it is deleted in its turn, not never.
     */
    int markEnded(Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement mark = connection.prepareStatement("UPDATE api_key SET ended_at = ?"
                        + " WHERE status IN ('REVOKED', 'EXPIRED', 'UNDELIVERED') AND ended_at IS NULL")) {
            mark.setTimestamp(1, Timestamp.from(now));
            return mark.executeUpdate();
        }
    }

    /**
     * Deletes what ended before {@code cutoff}: keys (and their delivery attempts), then requests left
     * without keys, then stores left without keys (and their grants and links), then expired links.
     * Answers how many rows of all four it deleted.
     */
    long removeEndedBefore(Instant cutoff) throws SQLException {
        Timestamp before = Timestamp.from(cutoff);
        long keys = inBatches("key", connection -> {
            List<UUID> ids = ids(connection, "SELECT id FROM api_key WHERE " + ENDED_KEY, before, before);
            WhereIn.run(connection, "DELETE FROM delivery_attempt WHERE key_id IN", ids);
            return WhereIn.run(connection, "DELETE FROM api_key WHERE id IN", ids);
        });
        long requests = inBatches("request", connection -> {
            List<UUID> ids = ids(
                    connection,
                    "SELECT id FROM key_request r WHERE r.status IN ('SENT', 'FAILED') AND r.updated_at < ?"
                            + " AND NOT EXISTS (SELECT 1 FROM api_key k WHERE k.request_id = r.id)",
                    before);
            WhereIn.run(connection, "DELETE FROM delivery_attempt WHERE request_id IN", ids);
            return WhereIn.run(connection, "DELETE FROM key_request WHERE id IN", ids);
        });
        long stores = inBatches("store", connection -> {
            List<UUID> ids = ids(
                    connection,
                    "SELECT id FROM store_owner s WHERE s.created_at < ?"
                            + " AND NOT EXISTS (SELECT 1 FROM api_key k WHERE k.store_id = s.id)"
                            + " AND NOT EXISTS (SELECT 1 FROM api_key k WHERE k.store_id IS NULL"
                            + " AND k.email_index = s.email_index)",
                    before);
            WhereIn.run(connection, "DELETE FROM consent_grant WHERE store_id IN", ids);
            WhereIn.run(connection, "DELETE FROM owner_link WHERE store_id IN", ids);
            return WhereIn.run(connection, "DELETE FROM store_owner WHERE id IN", ids);
        });
        long links = inBatches("link", connection -> {
            List<UUID> ids = ids(connection, "SELECT id FROM owner_link WHERE expires_at < ?", before);
            return WhereIn.run(connection, "DELETE FROM owner_link WHERE id IN", ids);
        });
        // Grants and links a decision or a link request wrote for a store while an erasure removed it.
        long orphans = inBatches("store", connection -> {
            try (PreparedStatement grants = connection.prepareStatement("DELETE FROM consent_grant g WHERE NOT EXISTS"
                            + " (SELECT 1 FROM store_owner s WHERE s.id = g.store_id)");
                    PreparedStatement ownerLinks = connection.prepareStatement("DELETE FROM owner_link l WHERE"
                            + " NOT EXISTS (SELECT 1 FROM store_owner s WHERE s.id = l.store_id)")) {
                return grants.executeUpdate() + ownerLinks.executeUpdate();
            }
        });
        return keys + requests + stores + links + orphans;
    }

    /** The ids the query finds, at most a batch, in the order of the ids (random ones: any order is fair). */
    private static List<UUID> ids(Connection connection, String query, Timestamp... cutoffs) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(query + " ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY")) {
            for (int i = 0; i < cutoffs.length; i++) {
                select.setTimestamp(i + 1, cutoffs[i]);
            }
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    /** One step of the job: deletes at most a batch, answers how many rows it deleted. */
    @FunctionalInterface
    private interface Batch {
        int run(Connection connection) throws SQLException;
    }

    /** Runs {@code batch} a transaction at a time until it deletes less than a full batch. */
    private long inBatches(String kind, Batch batch) throws SQLException {
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
                    int deleted = batch.run(connection);
                    connection.commit();
                    total += deleted;
                    removed.get(kind).increment(deleted);
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
