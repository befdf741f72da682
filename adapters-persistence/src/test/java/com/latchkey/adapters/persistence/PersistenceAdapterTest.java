package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import com.latchkey.domain.SecurityEvent;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The persistence adapter through its ports, against real databases: H2 and PostgreSQL, each test on both. */
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
    void requestRoundTripsWithEveryField(Database db) {
        Instant at = now();
        KeyRequest failedOnce = newRequest(at).deliveryFailed(at, at.plusSeconds(30), 5, "MailConnectException");
        db.port(SaveKeyRequestPort.class).insert(failedOnce);

        KeyRequest loaded =
                db.port(LoadKeyRequestPort.class).load(failedOnce.id()).orElseThrow();

        assertThat(loaded.id()).isEqualTo(failedOnce.id());
        assertThat(loaded.email()).isEqualTo(failedOnce.email());
        assertThat(loaded.ownerName()).isEqualTo(failedOnce.ownerName());
        assertThat(loaded.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(loaded.attempts()).isEqualTo(1);
        assertThat(loaded.nextAttemptAt()).isEqualTo(at.plusSeconds(30));
        assertThat(loaded.createdAt()).isEqualTo(at);
        assertThat(loaded.lastError()).contains("MailConnectException");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void anOutcomeIsStoredOnlyOnTheRequestAsItWasRead(Database db) {
        Instant at = now();
        KeyRequest request = newRequest(at);
        SaveKeyRequestPort requests = db.port(SaveKeyRequestPort.class);
        requests.insert(request);

        assertThat(requests.compareAndSet(request, request.delivered(at.plusSeconds(1))))
                .isTrue();
        assertThat(requests.compareAndSet(request, request.deliveryFailed(at, at.plusSeconds(9), 5, "X")))
                .as("a second attempt's outcome, decided on the request before the first settled it")
                .isFalse();

        KeyRequest loaded = db.port(LoadKeyRequestPort.class).load(request.id()).orElseThrow();
        assertThat(loaded.status()).isEqualTo(RequestStatus.SENT);
        assertThat(loaded.attempts()).isEqualTo(1);
        assertThat(loaded.lastError()).isEmpty();
        assertThatThrownBy(() -> requests.insert(request))
                .as("an insert never overwrites")
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aKeyChangesStateOnlyFromTheStateTheChangeWasDecidedOn(Database db) {
        Instant at = now();
        KeyRequest request = newRequest(at);
        db.port(SaveKeyRequestPort.class).insert(request);
        ApiKey pending = newKey(db, request, at).delivered();
        SaveApiKeyPort keys = db.port(SaveApiKeyPort.class);
        keys.insert(pending);
        ApiKey active = ((ApiKey.Verification.Verified) pending.verify(request.email(), at)).key();

        assertThat(keys.compareAndSet(pending, pending.revoke())).isTrue();
        assertThat(keys.compareAndSet(pending, active))
                .as("a verification that lost to the revoke")
                .isFalse();

        ApiKey stored =
                db.port(LoadApiKeyPort.class).loadByDigest(pending.digest()).orElseThrow();
        assertThat(stored.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(stored.verifiedAt()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void anOwnerIsTheEmailCaseFoldedInFull(Database db) {
        Instant at = now();
        KeyRequest typedOneWay =
                KeyRequest.accept(RequestId.random(), EmailAddress.of("Victim.Case@X.example"), OwnerName.of("A"), at);
        KeyRequest typedAnother =
                KeyRequest.accept(RequestId.random(), EmailAddress.of("victim.case@x.example"), OwnerName.of("B"), at);
        db.port(SaveKeyRequestPort.class).insert(typedOneWay);
        db.port(SaveKeyRequestPort.class).insert(typedAnother);
        ApiKey first = newKey(db, typedOneWay, at).delivered();
        ApiKey second = newKey(db, typedAnother, at).delivered();
        db.port(SaveApiKeyPort.class).insert(first);
        db.port(SaveApiKeyPort.class).insert(second);

        assertThat(db.port(LoadApiKeyPort.class)
                        .loadByOwner(EmailAddress.of("VICTIM.case@x.EXAMPLE"), KeyStatus.PENDING))
                .extracting(ApiKey::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(db.port(TransactionPort.class)
                        .inTransaction(() ->
                                db.port(LoadApiKeyPort.class).lockOwner(EmailAddress.of("victim.case@x.example"))))
                .extracting(ApiKey::id)
                .containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(db.port(LoadKeyRequestPort.class)
                        .load(typedOneWay.id())
                        .orElseThrow()
                        .email()
                        .value())
                .as("the mail still goes to the address as typed")
                .isEqualTo("Victim.Case@x.example");
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void unknownRequestIsEmpty(Database db) {
        assertThat(db.port(LoadKeyRequestPort.class).load(RequestId.random())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void claimTakesDueRequestsOnceUntilTheLeasePasses(Database db) {
        Instant future = now().plus(Duration.ofDays(365));
        KeyRequest due = newRequest(future);
        KeyRequest notYetDue = newRequest(future.plusSeconds(60));
        KeyRequest sent = newRequest(future).delivered(future);
        db.port(SaveKeyRequestPort.class).insert(due);
        db.port(SaveKeyRequestPort.class).insert(notYetDue);
        db.port(SaveKeyRequestPort.class).insert(sent);

        List<RequestId> first = ids(db.port(ClaimDueKeyRequestsPort.class).claimDue(future, LEASE, 100));
        List<RequestId> again = ids(db.port(ClaimDueKeyRequestsPort.class).claimDue(future.plusSeconds(1), LEASE, 100));
        List<RequestId> afterLease =
                ids(db.port(ClaimDueKeyRequestsPort.class).claimDue(future.plus(LEASE), LEASE, 100));

        assertThat(first).contains(due.id()).doesNotContain(notYetDue.id(), sent.id());
        assertThat(again).doesNotContain(due.id());
        assertThat(afterLease).contains(due.id(), notYetDue.id()).doesNotContain(sent.id());
        assertThat(db.port(LoadKeyRequestPort.class)
                        .load(due.id())
                        .orElseThrow()
                        .nextAttemptAt())
                .isEqualTo(future.plus(LEASE).plus(LEASE));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void claimRespectsTheLimit(Database db) {
        Instant farFuture = now().plus(Duration.ofDays(3650));
        for (int i = 0; i < 5; i++) {
            db.port(SaveKeyRequestPort.class).insert(newRequest(farFuture));
        }

        assertThat(db.port(ClaimDueKeyRequestsPort.class).claimDue(farFuture, LEASE, 3))
                .hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aClaimHoldsOnlyTheRequestsItTakesSoAnotherDispatcherTakesTheRest(Database db) throws Exception {
        Instant at = now().plus(Duration.ofDays(7300));
        List<RequestId> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            KeyRequest request = newRequest(at.minusSeconds(5 - i));
            db.port(SaveKeyRequestPort.class).insert(request);
            ours.add(request.id());
        }
        ClaimDueKeyRequestsPort claims = db.port(ClaimDueKeyRequestsPort.class);
        List<RequestId> first = new ArrayList<>();
        List<RequestId> second = new ArrayList<>();

        // The first claim's transaction stays open, its rows locked, while another thread claims.
        db.port(TransactionPort.class).inTransaction(() -> {
            first.addAll(ids(claims.claimDue(at, LEASE, 2)));
            try (ExecutorService other = Executors.newSingleThreadExecutor()) {
                second.addAll(
                        other.submit(() -> ids(claims.claimDue(at, LEASE, 100))).get(10, TimeUnit.SECONDS));
            } catch (ExecutionException | InterruptedException | TimeoutException failed) {
                throw new AssertionError(failed);
            }
        });

        assertThat(first).hasSize(2);
        assertThat(second).doesNotContainAnyElementsOf(first);
        assertThat(second)
                .as("every due request the first claim did not take")
                .containsAll(ours.stream().filter(id -> !first.contains(id)).toList());
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void keyIsFoundByTheDigestOfTheKeyAndNeverStoredInClear(Database db) {
        Instant at = now();
        KeyRequest request = newRequest(at);
        db.port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        ApiKey minted = keyFor(db, request, plain, at, Duration.ofHours(24));
        db.port(SaveApiKeyPort.class).insert(minted);
        assertThat(db.port(SaveApiKeyPort.class).compareAndSet(minted, minted.delivered()))
                .isTrue();

        ApiKey loaded = db.port(LoadApiKeyPort.class)
                .loadByDigest(db.port(KeyDigestPort.class).digestOf(plain))
                .orElseThrow();

        assertThat(loaded.id()).isEqualTo(minted.id());
        assertThat(loaded.status()).isEqualTo(KeyStatus.PENDING);
        assertThat(loaded.email()).isEqualTo(request.email());
        assertThat(loaded.expiresAt()).isEqualTo(at.plus(Duration.ofHours(24)));
        assertThat(loaded.digest().hex()).doesNotContain(plain.reveal());
        assertThat(db.port(LoadApiKeyPort.class)
                        .loadByDigest(db.port(KeyDigestPort.class).digestOf(format.mint(random::nextInt))))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void theStatesOfABatchOfKeysAreReadByDigest(Database db) {
        Instant at = now();
        KeyRequest request = newRequest(at);
        db.port(SaveKeyRequestPort.class).insert(request);
        KeyDigestPort digests = db.port(KeyDigestPort.class);
        PlainApiKey first = format.mint(random::nextInt);
        PlainApiKey second = format.mint(random::nextInt);
        ApiKey firstKey = keyFor(db, request, first, at, Duration.ofHours(1)).delivered();
        ApiKey secondKey = keyFor(db, request, second, at, Duration.ofHours(1));
        db.port(SaveApiKeyPort.class).insert(firstKey);
        db.port(SaveApiKeyPort.class).insert(secondKey);

        Map<KeyDigest, KeyStatus> states = db.port(LoadApiKeyPort.class)
                .loadStatuses(List.of(
                        digests.digestOf(first),
                        digests.digestOf(format.mint(random::nextInt)),
                        digests.digestOf(second)));

        assertThat(states)
                .containsOnly(entry(firstKey.digest(), KeyStatus.PENDING), entry(secondKey.digest(), KeyStatus.MINTED));
        assertThat(db.port(LoadApiKeyPort.class).loadStatuses(List.of())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aDigestIsUnique(Database db) {
        Instant at = now();
        KeyRequest request = newRequest(at);
        db.port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        db.port(SaveApiKeyPort.class).insert(keyFor(db, request, plain, at, Duration.ofHours(1)));

        assertThatThrownBy(
                        () -> db.port(SaveApiKeyPort.class).insert(keyFor(db, request, plain, at, Duration.ofHours(1))))
                .isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aFailedTransactionLeavesNothingBehind(Database db) {
        KeyRequest request = newRequest(now());

        assertThatThrownBy(() -> db.port(TransactionPort.class).inTransaction(() -> {
                    db.port(SaveKeyRequestPort.class).insert(request);
                    throw new IllegalStateException("crash mid-transaction");
                }))
                .hasMessage("crash mid-transaction");

        assertThat(db.port(LoadKeyRequestPort.class).load(request.id())).isEmpty();
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
    void tablesHoldNeitherTheKeyNorTheEmailInClear(Database db) throws Exception {
        Instant at = now();
        KeyRequest request = newRequest(at);
        db.port(SaveKeyRequestPort.class).insert(request);
        PlainApiKey plain = format.mint(random::nextInt);
        db.port(SaveApiKeyPort.class).insert(keyFor(db, request, plain, at, Duration.ofHours(1)));

        List<String> cells = new ArrayList<>(cellsOf(db, "key_request"));
        cells.addAll(cellsOf(db, "api_key"));

        String localPart =
                request.email().value().substring(0, request.email().value().indexOf('@'));
        assertThat(cells).isNotEmpty().noneMatch(cell -> cell.contains(plain.reveal()) || cell.contains(localPart));
        assertThat(db.port(LoadKeyRequestPort.class)
                        .load(request.id())
                        .orElseThrow()
                        .email())
                .isEqualTo(request.email());
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
    void ownersKeysAreFoundByEmailAndState(Database db) {
        Instant at = now();
        KeyRequest request = newRequest(at);
        KeyRequest other = newRequest(at);
        db.port(SaveKeyRequestPort.class).insert(request);
        db.port(SaveKeyRequestPort.class).insert(other);
        ApiKey pending = newKey(db, request, at).delivered();
        ApiKey minted = newKey(db, request, at);
        ApiKey othersPending = newKey(db, other, at).delivered();
        for (ApiKey key : List.of(pending, minted, othersPending)) {
            db.port(SaveApiKeyPort.class).insert(key);
        }

        List<ApiKey> found = db.port(LoadApiKeyPort.class).loadByOwner(request.email(), KeyStatus.PENDING);

        assertThat(found).extracting(ApiKey::id).containsExactly(pending.id());
        assertThat(db.port(LoadApiKeyPort.class).loadByOwner(request.email(), KeyStatus.ACTIVE))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void rateLimitLetsCapacityThroughThenTellsTheWait(Database db) {
        RateLimitPort limits = db.port(RateLimitPort.class);
        RateLimit twoPerHour = new RateLimit("test-" + UUID.randomUUID(), 2, Duration.ofHours(1));

        assertThat(limits.probe(twoPerHour, "jane@example.com")).isEmpty();
        assertThat(limits.tryConsume(twoPerHour, "jane@example.com")).isEmpty();
        assertThat(limits.tryConsume(twoPerHour, "jane@example.com")).isEmpty();
        Optional<Duration> refused = limits.tryConsume(twoPerHour, "jane@example.com");

        assertThat(refused)
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isGreaterThan(Duration.ofMinutes(20))
                        .isLessThanOrEqualTo(Duration.ofHours(1)));
        assertThat(limits.probe(twoPerHour, "jane@example.com")).isPresent();
        assertThat(limits.tryConsume(twoPerHour, "joe@example.com")).isEmpty();
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
                .contains("VERIFY_FAILED", "203.0.113.9", request.email().masked());
        assertThat(cells).noneMatch(cell -> cell.contains(localPart));
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void aFloodOfRefusalsIsAuditedOnceAtOnceNotOncePerRefusal(Database db) throws Exception {
        KeyRequest request = newRequest(now());
        String client = "198.51.100." + random.nextInt(250);
        AuditTrailPort auditTrail = db.port(AuditTrailPort.class);

        for (int i = 0; i < 1_400; i++) {
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.RATE_LIMITED,
                    now(),
                    request.email(),
                    new ClientAddress(client),
                    "key request: request-client:10/PT1H"));
        }

        assertThat(detailsOf(db, "RATE_LIMITED", client))
                .as("the first refusal of the minute is written at once, the rest are counted")
                .containsExactly("key request: request-client:10/PT1H (1)");
    }

    private ApiKey newKey(Database db, KeyRequest request, Instant at) {
        return keyFor(db, request, format.mint(random::nextInt), at, Duration.ofHours(1));
    }

    /** A key minted for {@code request}, stored under the digest of {@code plain}. */
    private static ApiKey keyFor(Database db, KeyRequest request, PlainApiKey plain, Instant at, Duration window) {
        return ApiKey.mint(
                KeyId.random(), request, db.port(KeyDigestPort.class).digestOf(plain), plain.hint(), at, window);
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
