package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.RequestStatus;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The persistence adapter through its ports, against a real database. */
@MicronautTest(transactional = false)
class PersistenceAdapterTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final SecureRandom random = new SecureRandom();

    @Inject
    SaveKeyRequestPort saveKeyRequest;

    @Inject
    LoadKeyRequestPort loadKeyRequest;

    @Inject
    ClaimDueKeyRequestsPort claimDue;

    @Inject
    SaveApiKeyPort saveApiKey;

    @Inject
    LoadApiKeyPort loadApiKey;

    @Inject
    KeyDigestPort keyDigest;

    @Inject
    TransactionPort transaction;

    @Inject
    DataSource dataSource;

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

    @Test
    void requestRoundTripsWithEveryField() {
        Instant at = now();
        KeyRequest failedOnce = newRequest(at).deliveryFailed(at, at.plusSeconds(30), 5, "MailConnectException");
        saveKeyRequest.save(failedOnce);

        KeyRequest loaded = loadKeyRequest.load(failedOnce.id()).orElseThrow();

        assertThat(loaded.id()).isEqualTo(failedOnce.id());
        assertThat(loaded.email()).isEqualTo(failedOnce.email());
        assertThat(loaded.ownerName()).isEqualTo(failedOnce.ownerName());
        assertThat(loaded.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(loaded.attempts()).isEqualTo(1);
        assertThat(loaded.nextAttemptAt()).isEqualTo(at.plusSeconds(30));
        assertThat(loaded.createdAt()).isEqualTo(at);
        assertThat(loaded.lastError()).contains("MailConnectException");
    }

    @Test
    void savingAgainUpdatesTheRequest() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        saveKeyRequest.save(request);
        saveKeyRequest.save(request.delivered(at.plusSeconds(1)));

        KeyRequest loaded = loadKeyRequest.load(request.id()).orElseThrow();
        assertThat(loaded.status()).isEqualTo(RequestStatus.SENT);
        assertThat(loaded.attempts()).isEqualTo(1);
    }

    @Test
    void unknownRequestIsEmpty() {
        assertThat(loadKeyRequest.load(RequestId.random())).isEmpty();
    }

    @Test
    void claimTakesDueRequestsOnceUntilTheLeasePasses() {
        Instant future = now().plus(Duration.ofDays(365));
        KeyRequest due = newRequest(future);
        KeyRequest notYetDue = newRequest(future.plusSeconds(60));
        KeyRequest sent = newRequest(future).delivered(future);
        saveKeyRequest.save(due);
        saveKeyRequest.save(notYetDue);
        saveKeyRequest.save(sent);

        List<RequestId> first = ids(claimDue.claimDue(future, LEASE, 100));
        List<RequestId> again = ids(claimDue.claimDue(future.plusSeconds(1), LEASE, 100));
        List<RequestId> afterLease = ids(claimDue.claimDue(future.plus(LEASE), LEASE, 100));

        assertThat(first).contains(due.id()).doesNotContain(notYetDue.id(), sent.id());
        assertThat(again).doesNotContain(due.id());
        assertThat(afterLease).contains(due.id(), notYetDue.id()).doesNotContain(sent.id());
        assertThat(loadKeyRequest.load(due.id()).orElseThrow().nextAttemptAt())
                .isEqualTo(future.plus(LEASE).plus(LEASE));
    }

    @Test
    void claimRespectsTheLimit() {
        Instant farFuture = now().plus(Duration.ofDays(3650));
        for (int i = 0; i < 5; i++) {
            saveKeyRequest.save(newRequest(farFuture));
        }

        assertThat(claimDue.claimDue(farFuture, LEASE, 3)).hasSize(3);
    }

    @Test
    void keyIsFoundByTheDigestOfTheKeyAndNeverStoredInClear() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        saveKeyRequest.save(request);
        PlainApiKey plain = format.mint(random::nextInt);
        ApiKey minted =
                ApiKey.mint(KeyId.random(), request, keyDigest.digestOf(plain), plain.hint(), at, Duration.ofHours(24));
        saveApiKey.save(minted);
        saveApiKey.save(minted.delivered());

        ApiKey loaded = loadApiKey.loadByDigest(keyDigest.digestOf(plain)).orElseThrow();

        assertThat(loaded.id()).isEqualTo(minted.id());
        assertThat(loaded.status()).isEqualTo(KeyStatus.PENDING);
        assertThat(loaded.email()).isEqualTo(request.email());
        assertThat(loaded.expiresAt()).isEqualTo(at.plus(Duration.ofHours(24)));
        assertThat(loaded.digest().hex()).doesNotContain(plain.reveal());
        assertThat(loadApiKey.loadByDigest(keyDigest.digestOf(format.mint(random::nextInt))))
                .isEmpty();
    }

    @Test
    void aDigestIsUnique() {
        Instant at = now();
        KeyRequest request = newRequest(at);
        saveKeyRequest.save(request);
        PlainApiKey plain = format.mint(random::nextInt);
        saveApiKey.save(
                ApiKey.mint(KeyId.random(), request, keyDigest.digestOf(plain), plain.hint(), at, Duration.ofHours(1)));

        assertThatThrownBy(() -> saveApiKey.save(ApiKey.mint(
                        KeyId.random(), request, keyDigest.digestOf(plain), plain.hint(), at, Duration.ofHours(1))))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        KeyRequest request = newRequest(now());

        assertThatThrownBy(() -> transaction.inTransaction(() -> {
                    saveKeyRequest.save(request);
                    throw new IllegalStateException("crash mid-transaction");
                }))
                .hasMessage("crash mid-transaction");

        assertThat(loadKeyRequest.load(request.id())).isEmpty();
    }

    @Test
    void tablesHoldNeitherTheKeyNorTheEmailInClear() throws Exception {
        Instant at = now();
        KeyRequest request = newRequest(at);
        saveKeyRequest.save(request);
        PlainApiKey plain = format.mint(random::nextInt);
        saveApiKey.save(
                ApiKey.mint(KeyId.random(), request, keyDigest.digestOf(plain), plain.hint(), at, Duration.ofHours(1)));

        List<String> cells = new ArrayList<>();
        try (Connection connection =
                        DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : List.of("key_request", "api_key")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            cells.add(String.valueOf(rows.getObject(column)));
                        }
                    }
                }
            }
        }

        String localPart =
                request.email().value().substring(0, request.email().value().indexOf('@'));
        assertThat(cells).isNotEmpty().noneMatch(cell -> cell.contains(plain.reveal()) || cell.contains(localPart));
        assertThat(loadKeyRequest.load(request.id()).orElseThrow().email()).isEqualTo(request.email());
    }

    private static List<RequestId> ids(List<KeyRequest> requests) {
        return requests.stream().map(KeyRequest::id).toList();
    }
}
