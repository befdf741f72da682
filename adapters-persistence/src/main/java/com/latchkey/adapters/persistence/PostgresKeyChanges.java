package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.domain.KeyDigest;
import com.zaxxer.hikari.HikariConfig;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key changes heard from PostgreSQL. Each change of a key's state notifies {@value #CHANNEL} with
 * the key's digest as it commits ({@link NotifyKeyChangesMigration}); this listens on one connection
 * of its own, opened with the pool's settings but outside the pool, on a daemon thread started by
 * the first subscription.
 *
 * <p>A lost connection is opened again after a pause that doubles up to {@link #LONGEST_PAUSE}.
 * Changes committed while not listening are not heard, so each time listening begins the listeners
 * are told that changes may have been missed; until then they rely on their own bounds. Every
 * {@link #HEARTBEAT} this connection notifies a channel of its own and waits for that notification
 * to come back: that tells the listeners until when they have heard every change (so that they need
 * not read back what they hold), and notices a connection dropped without a word (a network cut),
 * or one that answers but hears nothing (a pooler in transaction mode).
 */
@Singleton
@Requires(property = "datasources.default.url", pattern = "jdbc:postgresql:.*")
final class PostgresKeyChanges implements KeyChangesPort, AutoCloseable {

    static final String CHANNEL = "latchkey_key_changed";
    /** The start of the name of each listening connection's own heartbeat channel. */
    static final String HEARTBEATS = "latchkey_heartbeat_";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How the listening connection is named in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "latchkey-key-changes";

    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    /** How often a heartbeat goes round, so that hearing is known to be whole until then. */
    static final Duration HEARTBEAT = Duration.ofMillis(250);

    private static final int ANSWER_WITHIN_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresKeyChanges.class);

    /** Opens the listening connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Thread listening;
    private volatile boolean closed;
    private volatile Connection connection;

    @Inject
    PostgresKeyChanges(DataSource dataSource) {
        this(openerLike(DelegatingDataSource.unwrapDataSource(dataSource)));
    }

    PostgresKeyChanges(Opener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Opens connections as the pool does (address, credentials, driver properties), one at a time. */
    private static Opener openerLike(DataSource pool) {
        if (!(pool instanceof HikariConfig settings)) {
            throw new IllegalStateException(
                    "the datasource is no Hikari pool: " + pool.getClass().getName());
        }
        String url = settings.getJdbcUrl();
        Properties properties = new Properties();
        properties.putAll(settings.getDataSourceProperties());
        if (settings.getUsername() != null) {
            properties.setProperty("user", settings.getUsername());
        }
        if (settings.getPassword() != null) {
            properties.setProperty("password", settings.getPassword());
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        properties.putIfAbsent("connectTimeout", "10");
        return () -> DriverManager.getConnection(url, properties);
    }

    /**
     * Tells {@code listener} of changes from now on; if listening has not begun yet, it is told
     * that changes may have been missed once it has.
     */
    @Override
    public void subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("no longer listening for key changes");
            }
            if (listening == null) {
                listening = Thread.ofPlatform().daemon().name("key-changes").start(this::listen);
            }
        }
    }

    private void listen() {
        Duration pause = FIRST_PAUSE;
        boolean everListened = false;
        String lostFor = null;
        while (!closed) {
            try (Connection opened = opener.open()) {
                connection = opened;
                if (closed) {
                    break;
                }
                opened.setAutoCommit(true); // notifications arrive only between transactions
                // A cut connection fails a statement within this instead of TCP's quarter of an hour.
                opened.setNetworkTimeout(Runnable::run, ANSWER_WITHIN_SECONDS * 1000);
                boolean direct = directSession(opened);
                String heartbeats = HEARTBEATS + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
                try (Statement statement = opened.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                    statement.execute("LISTEN " + heartbeats);
                    // A heartbeat's order comes from the notify lock, not from durability: no flush.
                    statement.execute("SET synchronous_commit = off");
                }
                pause = FIRST_PAUSE;
                if (!everListened) {
                    LOG.info("listening for key changes: a key changed by any instance is dropped from the cache"
                            + " as the change commits");
                } else if (lostFor != null) {
                    LOG.info("listening for key changes again; cached key states were dropped, as changes"
                            + " made meanwhile went unheard");
                }
                everListened = true;
                lostFor = null;
                tell(Listener::mayHaveMissedChanges);
                hear(opened, direct ? heartbeats : null);
            } catch (SQLException | RuntimeException lost) {
                if (closed) {
                    break;
                }
                if (lostFor == null) {
                    lostFor = lost.getClass().getSimpleName();
                    LOG.warn(
                            "not listening for key changes ({}); cached key states are trusted for"
                                    + " LATCHKEY_KEY_CACHE_TTL at most until listening again",
                            lostFor);
                }
            } finally {
                connection = null;
            }
            if (!pause(pause)) {
                break;
            }
            Duration doubled = pause.multipliedBy(2);
            pause = doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
        }
        if (!closed) {
            // Interrupted from outside: nobody will start listening again, so say it loudly, once.
            LOG.error("stopped listening for key changes; cached key states are trusted for"
                    + " LATCHKEY_KEY_CACHE_TTL at most from now on");
        }
    }

    /**
     * Passes on what arrives until the connection fails or this closes. Every {@link #HEARTBEAT} it
     * notifies {@code heartbeats}, a channel only this connection listens on, and waits up to
     * {@link #ANSWER_WITHIN_SECONDS} for that notification to come back. PostgreSQL hands
     * notifications to listeners from one queue, in the order of their transactions' commits, so once
     * the heartbeat is back, every notification of a change committed before it was sent has come
     * (and has been passed on): the listeners are told that they heard every change committed
     * before then ({@link Listener#heardEverythingBefore}).
     */
    private void hear(Connection opened, String heartbeats) throws SQLException {
        PGConnection notifications = opened.unwrap(PGConnection.class);
        try (Statement beat = opened.createStatement()) {
            while (!closed) {
                Instant sent = Instant.now();
                long nextBeat = System.nanoTime() + HEARTBEAT.toNanos();
                if (heartbeats == null) {
                    // Not vouching (a pooler between): the server is only asked to answer now and then.
                    if (!opened.isValid(ANSWER_WITHIN_SECONDS)) {
                        throw new SQLException("the listening connection does not answer", "08006");
                    }
                } else {
                    beat.execute("NOTIFY " + heartbeats);
                    long giveUpAt = System.nanoTime()
                            + Duration.ofSeconds(ANSWER_WITHIN_SECONDS).toNanos();
                    boolean back = false;
                    while (!back) {
                        long left =
                                Duration.ofNanos(giveUpAt - System.nanoTime()).toMillis();
                        if (left <= 0 || closed) {
                            throw new SQLException("the listening connection hears nothing back", "08006");
                        }
                        back = passOnAll(notifications.getNotifications((int) left), heartbeats);
                    }
                    tell(listener -> listener.heardEverythingBefore(sent));
                }
                // The next beat no sooner than HEARTBEAT after this one, whatever arrives meanwhile.
                for (long left = nextBeat - System.nanoTime();
                        left > 0 && !closed;
                        left = nextBeat - System.nanoTime()) {
                    passOnAll(
                            notifications.getNotifications(
                                    (int) Math.max(1, Duration.ofNanos(left).toMillis())),
                            heartbeats);
                }
            }
        }
    }

    /**
     * Whether this connection is a server session of its own. Behind a pooler in transaction mode
     * the server session is lent to other clients between statements, and a notification can reach
     * one of them instead: such a connection hears most changes but never vouches that it heard
     * them all. PgBouncer answers the driver with a process id of its own, unlike the server's.
     */
    private static boolean directSession(Connection opened) throws SQLException {
        int told = opened.unwrap(PGConnection.class).getBackendPID();
        try (Statement statement = opened.createStatement();
                var answer = statement.executeQuery("SELECT pg_backend_pid()")) {
            answer.next();
            if (answer.getInt(1) == told) {
                return true;
            }
        }
        LOG.warn("the connection listening for key changes passes through a pooler: cached key states are"
                + " read back within LATCHKEY_KEY_CACHE_TTL (connect it to PostgreSQL directly to spare that)");
        return false;
    }

    /** Passes on the key changes among {@code heard}; whether the heartbeat was among them. */
    private boolean passOnAll(PGNotification[] heard, String heartbeats) {
        boolean heartbeat = false;
        // heartbeats is null when not vouching: nothing on it is awaited.
        if (heard == null) {
            return false;
        }
        for (PGNotification notification : heard) {
            if (CHANNEL.equals(notification.getName())) {
                passOn(notification.getParameter());
            } else if (notification.getName().equals(heartbeats)) {
                heartbeat = true;
            }
        }
        return heartbeat;
    }

    private void passOn(String payload) {
        KeyDigest digest;
        try {
            digest = new KeyDigest(payload);
        } catch (IllegalArgumentException notADigest) {
            // Someone else notifies on this channel: which key changed is unknown, so any may have.
            LOG.warn("a notification on {} names no key; cached key states are dropped", CHANNEL);
            tell(Listener::mayHaveMissedChanges);
            return;
        }
        tell(listener -> listener.changed(digest));
    }

    private void tell(Consumer<Listener> message) {
        for (Listener listener : listeners) {
            try {
                message.accept(listener);
            } catch (RuntimeException failed) {
                LOG.error("a key change listener failed", failed);
            }
        }
    }

    /** Waits before opening again; false if this closed meanwhile. */
    private boolean pause(Duration pause) {
        try {
            Thread.sleep(pause);
            return !closed;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops listening and closes the connection; the listening thread ends within a moment. */
    @PreDestroy
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            closed = true;
            thread = listening;
        }
        Connection open = connection;
        if (open != null) {
            try {
                open.abort(Runnable::run); // wakes the thread waiting for notifications
            } catch (SQLException alreadyGone) {
                // nothing left to close
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(2));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
