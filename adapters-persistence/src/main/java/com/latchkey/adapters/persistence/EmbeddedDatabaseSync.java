package com.latchkey.adapters.persistence;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the embedded H2 file on the disk every {@link #EVERY} ({@code CHECKPOINT SYNC}: the changes
 * not yet written go to the file as a new chunk, and the file's writes to the disk), which is what
 * lets H2 reuse the space of replaced chunks after seconds rather than its default 45 s.
 *
 * <p>H2 never changes a chunk in place: every round of changes is written as a new chunk, and a
 * chunk whose pages all have newer copies is overwritten only once it is older than H2's {@code
 * RETENTION_TIME}, because until the newer chunks are on the disk a power loss can leave the file
 * needing the old one. H2 does not sync the file while it runs; its default of 45 s trusts the
 * operating system to have written everything by then, and H2 documents a shorter retention as
 * safe when the writes reach the disk sooner. This sync makes sure they do: the URL in {@code
 * application.yml} sets a retention of 3 s (H2 writes changes every 0.5 s, and this sync puts them on
 * the disk within a second), and the start is refused if the retention
 * leaves fewer than {@link #SYNCS_PER_RETENTION} syncs within it. Commits reach the disk within
 * about a second too, where H2 alone leaves them to the operating system.
 *
 * <p>The sync keeps one connection of the pool for itself: borrowed per sync, it would wait behind
 * a saturated intake for the pool's timeout and skip the sync, while H2 went on reusing space
 * after 3 s. So the requests have one connection fewer than {@code maximum-pool-size} on the
 * embedded database.
 */
@Context
@Requires(property = "datasources.default.url", pattern = "jdbc:h2:(?!mem:).*")
final class EmbeddedDatabaseSync {

    static final Duration EVERY = Duration.ofSeconds(1);
    static final int SYNCS_PER_RETENTION = 3;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabaseSync.class);

    private final DataSource dataSource;
    private final ScheduledExecutorService syncs;
    private volatile boolean failing;
    /** The connection this sync keeps; only its own thread touches it, until {@link #stop()}. */
    private Connection held;

    EmbeddedDatabaseSync(DataSource dataSource) {
        // The pool itself, not a wrapper that would join a transaction of the calling thread.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        Duration retention = retention();
        if (retention.compareTo(EVERY.multipliedBy(SYNCS_PER_RETENTION)) < 0) {
            throw new ConfigurationException("DATASOURCES_DEFAULT_URL: the embedded database keeps RETENTION_TIME="
                    + retention.toMillis() + " (from the URL, or set earlier and kept in the file); it is synced"
                    + " every " + EVERY.toMillis() + " ms, so it must keep replaced data at least "
                    + EVERY.multipliedBy(SYNCS_PER_RETENTION).toMillis() + " ms");
        }
        // Its own thread: a sync that waits for a busy disk must not delay anyone's scheduled work.
        this.syncs = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-database-sync");
            thread.setDaemon(true);
            return thread;
        });
        syncs.scheduleWithFixedDelay(this::sync, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** H2's retention time of this database, set by the URL or earlier and kept in the file. */
    private Duration retention() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MIN(CAST(SETTING_VALUE AS INTEGER))"
                        + " FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'")) {
            rows.next();
            int millis = rows.getInt(1);
            // Not set anywhere: H2's own default.
            return rows.wasNull() ? Duration.ofSeconds(45) : Duration.ofMillis(millis);
        } catch (SQLException unreadable) {
            throw new IllegalStateException("the embedded database's retention time could not be read", unreadable);
        }
    }

    void sync() {
        try {
            if (held == null || held.isClosed()) {
                held = dataSource.getConnection();
            }
            try (Statement statement = held.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
            if (failing) {
                LOG.info("the embedded database is synced to the disk again");
                failing = false;
            }
        } catch (SQLException | RuntimeException failed) {
            release();
            if (!failing) {
                LOG.warn(
                        "the embedded database could not be synced to the disk ({}); trying again every {} ms",
                        failed.getClass().getSimpleName(),
                        EVERY.toMillis());
                failing = true;
            }
        }
    }

    /** Lets a sync under way finish: interrupting a thread in the middle of a write would close H2's file. */
    @PreDestroy
    void stop() {
        syncs.shutdown();
        try {
            if (syncs.awaitTermination(5, TimeUnit.SECONDS)) {
                release();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the kept connection back to the pool (a broken one is dropped by the pool). */
    private void release() {
        Connection connection = held;
        held = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException alreadyGone) {
                // nothing to give back
            }
        }
    }
}
