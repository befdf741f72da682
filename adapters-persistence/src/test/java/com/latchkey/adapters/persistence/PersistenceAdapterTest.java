package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.OwnerLinkId;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the jdbc store does beyond the store contract (JdbcStoreOnH2Test, JdbcStoreOnPostgresTest):
 * what its tables hold, lock conflicts run again, the audit table, each test on H2 and PostgreSQL.
 */
class PersistenceAdapterTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final SecureRandom random = new SecureRandom();

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private KeyRequest newRequest(Instant at) {
        return KeyRequest.accept(
                RequestId.random(),
                EmailAddress.of("Owner+" + random.nextInt(1_000_000) + "@Example.com"),
                OwnerName.of("Zoë's Café"),
                at);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aTransactionThatLostALockConflictRunsAgainAndOnlyItsLastRunCounts(Database db) {
        KeyRequest first = newRequest(now());
        List<String> runs = new ArrayList<>();

        KeyRequest stored = db.port(TransactionPort.class).inTransaction(() -> {
            KeyRequest request = runs.isEmpty() ? first : newRequest(now());
            db.port(SaveKeyRequestPort.class).insert(request);
            runs.add(request.id().toString());
            if (runs.size() == 1) {
                throw new IllegalStateException(
                        "chosen as a deadlock victim", new java.sql.SQLException("deadlock detected", "40P01"));
            }
            return request;
        });

        assertThat(runs).hasSize(2);
        assertThat(db.port(LoadKeyRequestPort.class).load(first.id()))
                .as("the first run was rolled back")
                .isEmpty();
        assertThat(db.port(LoadKeyRequestPort.class).load(stored.id())).isPresent();
        assertThatThrownBy(() -> db.port(TransactionPort.class).inTransaction(() -> {
                    throw new IllegalStateException("not a lock conflict", new java.sql.SQLException("x", "23505"));
                }))
                .hasMessage("not a lock conflict");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void tablesHoldNeitherTheKeyNorTheEmailNorTheNameNorAFullClientAddressInClear(Database db) throws Exception {
        Instant at = now();
        String name = "Zoë Quixotic-" + random.nextInt(1_000_000);
        KeyRequest request = KeyRequest.accept(
                RequestId.random(),
                EmailAddress.of("Owner+" + random.nextInt(1_000_000) + "@Example.com"),
                OwnerName.of(name),
                at);
        db.port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        db.port(SaveApiKeyPort.class).insert(keyFor(db, request, plain, at, Duration.ofHours(1)));
        StoreId store = db.port(OwnerStoresPort.class).storeOf(request.email());
        db.port(SaveOwnerLinkPort.class)
                .insert(OwnerLink.forOwner(
                        OwnerLinkId.random(),
                        db.port(KeyDigestPort.class).digestOf(format.mint(random::nextInt)),
                        LinkPurpose.EXPORT,
                        request.email(),
                        store,
                        at,
                        at.plusSeconds(600)));

        String v4 = "198.18." + random.nextInt(256) + ".201";
        String v6 = "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + ":4d2e::9";
        AuditTrailPort trail = db.port(AuditTrailPort.class);
        trail.record(SecurityEvent.of(SecurityEvent.Type.REQUESTED, at, request.email(), new ClientAddress(v4), null));
        trail.record(
                SecurityEvent.of(SecurityEvent.Type.VERIFY_FAILED, at, request.email(), new ClientAddress(v6), null));

        List<String> cells = new ArrayList<>();
        for (String table :
                List.of("key_request", "api_key", "store_owner", "owner_link", "delivery_attempt", "audit_event")) {
            cells.addAll(cellsOf(db, table));
        }

        String localPart =
                request.email().value().substring(0, request.email().value().indexOf('@'));
        assertThat(cells)
                .isNotEmpty()
                .noneMatch(cell -> cell.contains(plain.reveal()) || cell.contains(localPart))
                .noneMatch(cell -> cell.contains("Quixotic"))
                .noneMatch(cell -> cell.contains(v4) || cell.contains(v6) || cell.contains(":4d2e:"))
                .contains(
                        new ClientAddress(v4).forAudit().value(),
                        new ClientAddress(v6).forAudit().value());
        KeyRequest loaded = db.port(LoadKeyRequestPort.class).load(request.id()).orElseThrow();
        assertThat(loaded.email()).isEqualTo(request.email());
        assertThat(loaded.ownerName()).isEqualTo(OwnerName.of(name));
        assertThat(db.port(com.latchkey.application.port.out.LoadApiKeyPort.class)
                        .loadByDigest(db.port(KeyDigestPort.class).digestOf(plain))
                        .orElseThrow()
                        .ownerName())
                .isEqualTo(OwnerName.of(name));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void everyAttemptIsRecordedOnce(Database db) throws Exception {
        Instant at = now();
        KeyRequest request = newRequest(at);
        db.port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        ApiKey minted = keyFor(db, request, plain, at, Duration.ofHours(1));
        db.port(SaveApiKeyPort.class).insert(minted);
        RecordDeliveryAttemptPort attempts = db.port(RecordDeliveryAttemptPort.class);

        attempts.record(DeliveryAttempt.failed(request, minted.id(), at, "MailConnectException"));

        assertThatThrownBy(() -> attempts.record(DeliveryAttempt.delivered(request, minted.id(), at)))
                .as("the same attempt number twice")
                .isInstanceOf(RuntimeException.class);
        try (Connection connection = DelegatingDataSource.unwrapDataSource(db.port(DataSource.class))
                        .getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT attempt, outcome, error FROM delivery_attempt"
                        + " WHERE request_id = '" + request.id() + "'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getString(2)).isEqualTo("FAILED");
            assertThat(rows.getString(3)).isEqualTo("MailConnectException");
            assertThat(rows.next()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void auditEventsAreKeptWithMaskedEmailsOnly(Database db) throws Exception {
        KeyRequest request = newRequest(now());
        db.port(AuditTrailPort.class)
                .record(SecurityEvent.of(
                        SecurityEvent.Type.VERIFY_FAILED,
                        now(),
                        request.email(),
                        new ClientAddress("203.0.113.9"),
                        null));

        List<String> cells = cellsOf(db, "audit_event");
        String localPart =
                request.email().value().substring(0, request.email().value().indexOf('@'));
        assertThat(cells)
                .as("the client's /24 only")
                .contains("VERIFY_FAILED", "203.0.113.0/24", request.email().masked())
                .doesNotContain("203.0.113.9");
        assertThat(cells).noneMatch(cell -> cell.contains(localPart));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aFloodOfRefusalsIsAuditedOnceAtOnceNotOncePerRefusal(Database db) throws Exception {
        KeyRequest request = newRequest(now());
        String client = "10." + random.nextInt(256) + "." + random.nextInt(256) + ".7";
        AuditTrailPort auditTrail = db.port(AuditTrailPort.class);

        for (int i = 0; i < 1_400; i++) {
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.RATE_LIMITED,
                    now(),
                    request.email(),
                    new ClientAddress(client),
                    "key request: request-client:10/PT1H"));
        }

        assertThat(detailsOf(
                        db, "RATE_LIMITED", new ClientAddress(client).forAudit().value()))
                .as("the first refusal of the minute is written at once, the rest are counted")
                .containsExactly("key request: request-client:10/PT1H (1)");
    }

    private ApiKey newKey(Database db, KeyRequest request, Instant at) {
        return keyFor(db, request, format.mint(random::nextInt), at, Duration.ofHours(1));
    }

    /** A key minted for {@code request}, stored under the digest of {@code plain}. */
    private static ApiKey keyFor(Database db, KeyRequest request, PlainApiKey plain, Instant at, Duration window) {
        return ApiKey.mint(
                KeyId.random(),
                request,
                StoreId.random(),
                db.port(KeyDigestPort.class).digestOf(plain),
                plain.hint(),
                at,
                window);
    }

    @Test
    void itsOwnerStoreLinkAndGrantAdaptersAreAbsentUnlessChosen() {
        try (ApplicationContext other = ApplicationContext.run(Map.of(
                "latchkey.key.pepper", "test-pepper-of-at-least-thirty-two-chars",
                "latchkey.adapters.secrets", "local",
                "latchkey.adapters.store", "none"))) {
            assertThat(other.findBean(OwnerStoresPort.class)).isEmpty();
            assertThat(other.findBean(SaveOwnerLinkPort.class)).isEmpty();
            assertThat(other.findBean(LoadConsentGrantPort.class)).isEmpty();
        }
        assertThat(Database.H2.context().findBean(LoadConsentGrantPort.class)).isPresent();
    }

    /**
     * Two instances assigning an owner's first store inside their own transactions: the second
     * waits for the first's insert and reads its id, where a refused insert would have ended its
     * transaction (PostgreSQL ends a transaction at its first failed statement; H2 does not, and is
     * one instance).
     */
    @Test
    void instancesAssigningAStoreInTheirTransactionsAgreeOnOneOnPostgres() throws Exception {
        Database db = Database.POSTGRES;
        EmailAddress owner = EmailAddress.of("tx." + random.nextInt(1_000_000) + "@shop.example");
        ApplicationContext another = db.anotherInstance();
        CountDownLatch firstAssigned = new CountDownLatch(1);
        AtomicReference<Future<StoreId>> second = new AtomicReference<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<StoreId> first =
                    threads.submit(() -> db.port(TransactionPort.class).inTransaction(() -> {
                        StoreId assigned = db.port(OwnerStoresPort.class).storeOf(owner);
                        firstAssigned.countDown();
                        // Committed only once the other instance waits for this insert (or has answered).
                        await().atMost(Duration.ofSeconds(10))
                                .until(() ->
                                        second.get() != null && (second.get().isDone() || waitsForALock(db)));
                        return assigned;
                    }));
            firstAssigned.await();
            second.set(threads.submit(() -> another.getBean(TransactionPort.class)
                    .inTransaction(() -> another.getBean(OwnerStoresPort.class).storeOf(owner))));

            assertThat(second.get().get(20, TimeUnit.SECONDS)).isEqualTo(first.get(20, TimeUnit.SECONDS));
        }
    }

    private static boolean waitsForALock(Database db) throws Exception {
        try (Connection connection = DelegatingDataSource.unwrapDataSource(db.port(DataSource.class))
                        .getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
            return rows.next() && rows.getInt(1) > 0;
        }
    }

    private static List<String> cellsOf(Database db, String table) throws Exception {
        List<String> cells = new ArrayList<>();
        try (Connection connection = DelegatingDataSource.unwrapDataSource(db.port(DataSource.class))
                        .getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            while (rows.next()) {
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    cells.add(String.valueOf(rows.getObject(column)));
                }
            }
        }
        return cells;
    }

    private static List<String> detailsOf(Database db, String type, String client) throws Exception {
        List<String> details = new ArrayList<>();
        try (Connection connection = DelegatingDataSource.unwrapDataSource(db.port(DataSource.class))
                        .getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT detail FROM audit_event WHERE event_type = ? AND client_address = ?")) {
            statement.setString(1, type);
            statement.setString(2, client);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    details.add(rows.getString(1));
                }
            }
        }
        return details;
    }

    private static List<RequestId> ids(List<KeyRequest> requests) {
        return requests.stream().map(KeyRequest::id).toList();
    }
}
