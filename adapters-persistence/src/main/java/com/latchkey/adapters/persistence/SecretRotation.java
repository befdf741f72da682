package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.LoadSecretUsagePort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.OwnerName;
import io.micrometer.core.instrument.Gauge;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed emails to the newest pepper after a rotation ({@code LATCHKEY_KEY_PEPPERS}): every
 * {@code LATCHKEY_RESEAL_INTERVAL} it reads the requests, keys, owners' stores and owner links
 * whose seal was made under an older pepper (a batch at a time, in the order of their ids) and
 * writes each sealed and indexed again under the newest, only if nobody changed it meanwhile, so
 * that several instances doing it at once, or a change of the row, lose nothing. A key stored before digests named their pepper
 * gets its pepper's id from the one that opens its seal (both were made at once). Key digests
 * cannot be made again (the key is gone): a live key needs its pepper until it ends, which
 * {@link #liveKeyDigestsBySecret()} counts ({@code latchkey_secret_dependents}). Owners' names on
 * requests and keys are sealed again the same way, and on every pass, even with one pepper, a name
 * still in clear is sealed: an instance of the release before names were sealed writes them so
 * while a rolling upgrade is under way ({@link OwnerNameColumn}).
 */
@Context
class SecretRotation implements LoadSecretUsagePort {

    private static final Logger LOG = LoggerFactory.getLogger(SecretRotation.class);
    private static final int BATCH = 500;
    private static final UUID BEFORE_EVERY_ID = new UUID(0, 0);
    /** The tables that hold a sealed and indexed email, each keyed by a UUID {@code id}. */
    private static final List<String> SEALED_TABLES = List.of("key_request", "api_key", "store_owner", "owner_link");
    /** The tables that hold an owner's name ({@link OwnerNameColumn}), each keyed by a UUID {@code id}. */
    private static final List<String> NAMED_TABLES = List.of("key_request", "api_key");
    /** A sealed name's pepper id, as SQL reads it: after the mark, 8 characters before a colon. */
    private static final String NAME_SEALED_UNDER = "SUBSTRING(owner_name, 2, 8)";

    private final DataSource dataSource;
    private final SealPersonalDataPort emails;
    private final com.latchkey.application.port.out.KeyDigestPort digests;
    private final ScheduledExecutorService worker;
    private final Map<String, AtomicLong> dependents = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private volatile boolean failing;

    SecretRotation(
            DataSource dataSource,
            SealPersonalDataPort emails,
            com.latchkey.application.port.out.KeyDigestPort digests,
            MeterRegistry meters,
            @Property(name = "latchkey.reseal-interval") Duration interval) {
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ConfigurationException("LATCHKEY_RESEAL_INTERVAL must be a duration of at least 100ms");
        }
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.emails = emails;
        this.digests = digests;
        this.meters = meters;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "secret-rotation");
            thread.setDaemon(true);
            return thread;
        });
        worker.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One pass over every table, then the counts; a database that is away is tried again next time.
     * Emails only during a rotation (several peppers): with one pepper there is nothing to move, and
     * seals stay as an earlier release writes and reads them. Names in clear always.
     */
    void run() {
        boolean rotating = digests.secrets().size() > 1;
        try {
            long names = 0;
            for (String table : NAMED_TABLES) {
                names += sealNames(table, rotating);
            }
            if (names > 0) {
                LOG.info("{} owners' names sealed under pepper {}", names, emails.currentSecret());
            }
        } catch (SQLException | RuntimeException failed) {
            warnOnce(failed);
            return;
        }
        if (!rotating) {
            failing = false;
            return;
        }
        try {
            long resealed = 0;
            for (String table : SEALED_TABLES) {
                resealed += reseal(table, table.equals("api_key"));
            }
            if (resealed > 0) {
                LOG.info("{} sealed emails moved to pepper {}", resealed, emails.currentSecret());
            }
            count();
            failing = false;
        } catch (SQLException | RuntimeException failed) {
            warnOnce(failed);
        }
    }

    private void warnOnce(Exception failed) {
        if (!failing) {
            LOG.warn(
                    "re-sealing under the newest pepper failed ({}); tried again",
                    failed.getClass().getSimpleName());
            failing = true;
        }
    }

    /**
     * Seals a table's names that are in clear, and during a rotation those sealed under an older
     * pepper, under the newest: a batch at a time in the order of their ids, each only if nobody
     * changed it meanwhile. A name whose pepper is no longer configured stays as it is.
     */
    private long sealNames(String table, boolean rotating) throws SQLException {
        String current = OwnerNameColumn.SEALED + emails.currentSecret() + ":";
        String left = rotating && current.length() == 10 ? current : OwnerNameColumn.SEALED;
        long sealed = 0;
        UUID after = BEFORE_EVERY_ID;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            while (true) {
                Map<UUID, String> batch = new java.util.LinkedHashMap<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT id, owner_name FROM " + table
                        + " WHERE id > ? AND owner_name NOT LIKE ? ORDER BY id LIMIT " + BATCH)) {
                    select.setObject(1, after);
                    select.setString(2, left + "%");
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            batch.put(rows.getObject(1, UUID.class), rows.getString(2));
                        }
                    }
                }
                if (batch.isEmpty()) {
                    return sealed;
                }
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + table + " SET owner_name = ? WHERE id = ? AND owner_name = ?")) {
                    for (Map.Entry<UUID, String> row : batch.entrySet()) {
                        after = row.getKey();
                        OwnerName name;
                        try {
                            name = OwnerNameColumn.name(row.getValue(), emails);
                        } catch (IllegalStateException | IllegalArgumentException underAPepperNoLongerConfigured) {
                            continue;
                        }
                        update.setString(1, OwnerNameColumn.text(name, emails));
                        update.setObject(2, row.getKey());
                        update.setString(3, row.getValue());
                        sealed += update.executeUpdate();
                    }
                }
            }
        }
    }

    private long reseal(String table, boolean keys) throws SQLException {
        String current = emails.currentSecret() + ":";
        if (current.length() != 9) {
            return 0;
        }
        long moved = 0;
        UUID after = BEFORE_EVERY_ID;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            while (true) {
                Map<UUID, String> batch = new java.util.LinkedHashMap<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT id, email_sealed FROM " + table
                        + " WHERE id > ? AND email_sealed NOT LIKE ? ORDER BY id LIMIT " + BATCH)) {
                    select.setObject(1, after);
                    select.setString(2, current + "%");
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            batch.put(rows.getObject(1, UUID.class), rows.getString(2));
                        }
                    }
                }
                if (batch.isEmpty()) {
                    return moved;
                }
                for (Map.Entry<UUID, String> row : batch.entrySet()) {
                    after = row.getKey();
                    moved += resealOne(connection, table, keys, row.getKey(), row.getValue());
                }
            }
        }
    }

    private int resealOne(Connection connection, String table, boolean keys, UUID id, String sealed)
            throws SQLException {
        EmailAddress email;
        String madeUnder;
        try {
            email = emails.open(sealed);
            madeUnder = emails.secretOf(sealed);
        } catch (IllegalStateException underAPepperNoLongerConfigured) {
            return 0;
        }
        String sql = "UPDATE " + table + " SET email_sealed = ?, email_index = ?"
                + (keys ? ", digest_secret = COALESCE(digest_secret, ?)" : "")
                + " WHERE id = ? AND email_sealed = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int at = 1;
            update.setString(at++, emails.seal(email));
            update.setString(at++, emails.index(email));
            if (keys) {
                update.setString(at++, madeUnder);
            }
            update.setObject(at++, id);
            update.setString(at, sealed);
            return update.executeUpdate();
        } catch (SQLException failed) {
            // One owner with two stores, assigned by instances that disagreed on the newest pepper
            // while it was rolled out: the other holds the new index. This one keeps its seal.
            if (table.equals("store_owner") && StorageFailures.isUniqueViolation(failed)) {
                return 0;
            }
            throw failed;
        }
    }

    /** Live keys' digests and registered integrations' secret digests: neither can be made again. */
    @Override
    public Map<String, Long> liveKeyDigestsBySecret() {
        Map<String, Long> digests = counted("SELECT digest_secret, COUNT(*) FROM api_key"
                + " WHERE status IN ('MINTED', 'PENDING', 'ACTIVE') GROUP BY digest_secret");
        counted("SELECT secret_pepper, COUNT(*) FROM integration GROUP BY secret_pepper")
                .forEach((secret, count) -> digests.merge(secret, count, Long::sum));
        return digests;
    }

    @Override
    public Map<String, Long> sealedValuesBySecret() {
        Map<String, Long> sealed = new HashMap<>();
        for (String table : SEALED_TABLES) {
            counted("SELECT SUBSTRING(email_sealed, 1, 8), COUNT(*) FROM " + table
                            + " WHERE email_sealed LIKE '________:%' GROUP BY SUBSTRING(email_sealed, 1, 8)")
                    .forEach((secret, count) -> sealed.merge(secret, count, Long::sum));
            // Seals from before they named their pepper: of unknown origin until the job reaches them.
            counted("SELECT NULL, COUNT(*) FROM " + table + " WHERE email_sealed NOT LIKE '________:%'")
                    .forEach((secret, count) -> sealed.merge(secret, count, Long::sum));
        }
        // Names always name their pepper; a name in clear needs none (the job seals it all the same).
        for (String table : NAMED_TABLES) {
            counted(
                            "SELECT " + NAME_SEALED_UNDER + ", COUNT(*) FROM " + table + " WHERE owner_name LIKE ?"
                                    + " GROUP BY " + NAME_SEALED_UNDER,
                            OwnerNameColumn.SEALED + "________:%")
                    .forEach((secret, count) -> sealed.merge(secret, count, Long::sum));
        }
        return sealed;
    }

    private Map<String, Long> counted(String sql, String... parameters) {
        Map<String, Long> counts = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.merge(rows.getString(1) == null ? "" : rows.getString(1), rows.getLong(2), Long::sum);
                }
            }
            return counts;
        } catch (SQLException failed) {
            throw new com.latchkey.application.port.StorageUnavailableException(
                    failed.getClass().getSimpleName());
        }
    }

    /** The gauges: per pepper id, the live keys whose digest and the sealed values that still need it. */
    private void count() {
        Map<String, Long> digests = liveKeyDigestsBySecret();
        Map<String, Long> sealed = sealedValuesBySecret();
        Set<String> secrets = new java.util.HashSet<>(digests.keySet());
        secrets.addAll(sealed.keySet());
        secrets.addAll(dependents.keySet().stream()
                .map(name -> name.substring(name.indexOf('|') + 1))
                .toList());
        for (String secret : secrets) {
            gauge("digests", secret).set(digests.getOrDefault(secret, 0L));
            gauge("seals", secret).set(sealed.getOrDefault(secret, 0L));
        }
    }

    private AtomicLong gauge(String kind, String secret) {
        return dependents.computeIfAbsent(kind + "|" + secret, name -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("latchkey.secret.dependents", value, AtomicLong::get)
                    .description("stored values that need a pepper: live keys' digests, sealed emails and names")
                    .tag("kind", kind)
                    .tag("secret", secret.isEmpty() ? "unlabelled" : secret)
                    .register(meters);
            return value;
        });
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
