package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyHint;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.OwnerLinkId;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.Scope;
import com.latchkey.domain.StoreId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retention job (SPEC §9): audit events older than their retention are deleted in batches, and
 * nothing younger; ended keys and requests, stores left without keys and expired links are deleted
 * once they ended longer ago than theirs, and nothing live.
 */
class RetentionTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eventsOlderThanTheRetentionAreDeletedAndTheOthersKept(String database) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("retention"));
        } else {
            settings.put(
                    "datasources.default.url", "jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }
        settings.put("latchkey.key.pepper", "a-pepper-for-the-retention-test-0123456789");
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings)
                .start()) {
            DataSource data = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            Instant now = Instant.parse("2026-11-28T10:00:00Z");
            Instant cutoff = now.minus(Duration.ofDays(90));
            int old = Retention.BATCH + 7;
            try (Connection connection = data.getConnection()) {
                insert(connection, old, cutoff.minus(Duration.ofDays(3)));
                insert(connection, 1, cutoff.minusMillis(1));
                insert(connection, 1, cutoff);
                insert(connection, 5, now.minus(Duration.ofDays(1)));
            }
            Retention retention = context.getBean(Retention.class);

            assertThat(retention.removeAuditBefore(cutoff)).isEqualTo(old + 1L);

            assertThat(count(data, "occurred_at < ?", cutoff)).isZero();
            assertThat(count(data, "occurred_at >= ?", cutoff)).isEqualTo(6);
            assertThat(retention.removeAuditBefore(cutoff))
                    .as("a second run finds nothing")
                    .isZero();
            assertThat(context.getBean(MeterRegistry.class)
                            .get("latchkey.retention.removed")
                            .tag("kind", "audit")
                            .counter()
                            .count())
                    .isEqualTo(old + 1.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void whatEndedLongerAgoThanTheRetentionIsDeletedAndNothingLive(String database) throws Exception {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings(database, "ended"))
                .start()) {
            DataSource data = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            SaveKeyRequestPort requests = context.getBean(SaveKeyRequestPort.class);
            SaveApiKeyPort keys = context.getBean(SaveApiKeyPort.class);
            OwnerStoresPort stores = context.getBean(OwnerStoresPort.class);
            Instant now = Instant.now();

            KeyRequest liveRequest = request("live", now);
            ApiKey live = activeKey(context, liveRequest, now);
            KeyRequest revokedRequest = request("revoked", now);
            ApiKey revoked = activeKey(context, revokedRequest, now);
            assertThat(keys.compareAndSet(revoked, revoked.revoke())).isTrue();
            context.getBean(SaveConsentGrantPort.class)
                    .grant(revoked.storeId(), new IntegrationId("crm"), Set.of(new Scope("orders:read")), now);
            KeyRequest neverVerifiedRequest = request("late", now.minus(Duration.ofDays(40)));
            requests.insert(neverVerifiedRequest);
            ApiKey neverVerified = ApiKey.mint(
                    KeyId.random(),
                    neverVerifiedRequest,
                    stores.storeOf(neverVerifiedRequest.email()),
                    new KeyDigest("b".repeat(63) + "1"),
                    new KeyHint("lk_late"),
                    now.minus(Duration.ofDays(40)),
                    Duration.ofDays(7));
            keys.insert(neverVerified);
            assertThat(keys.compareAndSet(neverVerified, neverVerified.delivered()))
                    .isTrue();
            assertThat(requests.compareAndSet(
                            neverVerifiedRequest, neverVerifiedRequest.delivered(now.minus(Duration.ofDays(40)))))
                    .isTrue();
            KeyRequest failing = request("failed", now.minus(Duration.ofDays(1)));
            requests.insert(failing);
            assertThat(requests.compareAndSet(failing, failing.deliveryFailed(now, now, 1, "MailConnectException")))
                    .isTrue();
            KeyRequest waiting = request("waiting", now);
            requests.insert(waiting);
            Retention retention = context.getBean(Retention.class);

            assertThat(retention.removeEndedBefore(now.minus(Duration.ofDays(30))))
                    .as("30 days on, only the key never verified in its window 40 days ago has ended that long:"
                            + " it goes, and its request with it")
                    .isEqualTo(2);
            assertThat(ids(data, "api_key"))
                    .containsExactlyInAnyOrder(live.id().value(), revoked.id().value());

            retention.removeEndedBefore(now.plus(Duration.ofDays(1)));

            assertThat(ids(data, "api_key"))
                    .as("the live key stays")
                    .containsExactly(live.id().value());
            assertThat(ids(data, "key_request"))
                    .as("requests whose keys are gone, and the failed one, go; the live and the waiting stay")
                    .containsExactlyInAnyOrder(
                            liveRequest.id().value(), waiting.id().value());
            assertThat(count(data, "SELECT COUNT(*) FROM delivery_attempt")).isEqualTo(1);
            assertThat(ids(data, "store_owner")).containsExactly(live.storeId().value());
            assertThat(count(data, "SELECT COUNT(*) FROM consent_grant")).isZero();
            assertThat(retention.removeEndedBefore(now.plus(Duration.ofDays(1))))
                    .as("a second run finds nothing")
                    .isZero();
            assertThat(context.getBean(MeterRegistry.class)
                            .get("latchkey.retention.removed")
                            .tag("kind", "key")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void expiredLinksAndWhatAnErasedStoreLeftGoAndTheLiveStoresLinksAndGrantsStay(String database) throws Exception {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings(database, "links"))
                .start()) {
            DataSource data = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            Instant now = Instant.now();
            ApiKey live = activeKey(context, request("linked", now), now);
            SaveOwnerLinkPort links = context.getBean(SaveOwnerLinkPort.class);
            OwnerLink expired = link(
                    live,
                    now.minus(Duration.ofDays(2)),
                    now.minus(Duration.ofDays(2)).plusSeconds(1800));
            OwnerLink working = link(live, now, now.plus(Duration.ofDays(3)));
            StoreId erased = StoreId.random();
            OwnerLink leftByAnErasure = OwnerLink.forOwner(
                    OwnerLinkId.random(),
                    new KeyDigest("c".repeat(64)),
                    LinkPurpose.MANAGE_CONSENTS,
                    EmailAddress.of("linked@shop.example"),
                    erased,
                    now,
                    now.plus(Duration.ofDays(3)));
            links.insert(expired);
            links.insert(working);
            links.insert(leftByAnErasure);
            SaveConsentGrantPort grants = context.getBean(SaveConsentGrantPort.class);
            grants.grant(live.storeId(), new IntegrationId("crm"), Set.of(new Scope("orders:read")), now);
            grants.grant(erased, new IntegrationId("crm"), Set.of(new Scope("orders:read")), now);

            long removed = context.getBean(Retention.class).removeEndedBefore(now.minus(Duration.ofDays(1)));

            assertThat(removed)
                    .as("the expired link, and the erased store's link and grant")
                    .isEqualTo(3);
            assertThat(ids(data, "owner_link")).containsExactly(working.id().value());
            assertThat(count(data, "SELECT COUNT(*) FROM consent_grant WHERE store_id = '" + live.storeId() + "'"))
                    .isEqualTo(1);
            assertThat(count(data, "SELECT COUNT(*) FROM consent_grant")).isEqualTo(1);
        }
    }

    @Test
    void anEndedRetentionShorterThanADayStopsTheStartNamingTheSetting() {
        Map<String, Object> settings = new HashMap<>(settings("h2", "short"));
        settings.put("latchkey.retention.ended", "PT1H");

        assertThatThrownBy(() -> ApplicationContext.builder()
                        .environments("test")
                        .properties(settings)
                        .start())
                .hasStackTraceContaining("LATCHKEY_RETENTION_ENDED must be at least P1D");
    }

    private static OwnerLink link(ApiKey owner, Instant made, Instant expires) {
        return OwnerLink.forOwner(
                OwnerLinkId.random(),
                new KeyDigest(
                        HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 32)),
                LinkPurpose.MANAGE_CONSENTS,
                owner.email(),
                owner.storeId(),
                made,
                expires);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aKeyThatEndedWithoutSayingWhenIsGivenAnEndAndThenDeletedInItsTurn(String database) throws Exception {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings(database, "unmarked"))
                .start()) {
            DataSource data = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            Instant now = Instant.now();
            ApiKey active = activeKey(context, request("unmarked", now), now);
            try (Connection connection = data.getConnection();
                    PreparedStatement byHand = connection.prepareStatement(
                            "UPDATE api_key SET status = 'REVOKED', ended_at = NULL WHERE id = ?")) {
                byHand.setObject(1, active.id().value());
                assertThat(byHand.executeUpdate()).isEqualTo(1);
            }
            Retention retention = context.getBean(Retention.class);

            retention.removeEndedBefore(now.plus(Duration.ofDays(1)));
            assertThat(ids(data, "api_key"))
                    .as("no end, no deletion")
                    .containsExactly(active.id().value());

            assertThat(retention.markEnded(now)).isEqualTo(1);
            retention.removeEndedBefore(now.minus(Duration.ofDays(1)));
            assertThat(ids(data, "api_key"))
                    .as("not before its retention")
                    .containsExactly(active.id().value());
            retention.removeEndedBefore(now.plus(Duration.ofDays(1)));
            assertThat(ids(data, "api_key")).isEmpty();
        }
    }

    private static Map<String, Object> settings(String database, String name) {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase(name));
        } else {
            settings.put(
                    "datasources.default.url", "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }
        settings.put("latchkey.key.pepper", "a-pepper-for-the-retention-test-0123456789");
        return settings;
    }

    private static KeyRequest request(String who, Instant at) {
        return KeyRequest.accept(
                RequestId.random(), EmailAddress.of(who + "@shop.example"), OwnerName.of("Owner " + who), at);
    }

    /** A key delivered and verified, its request sent, one delivery attempt recorded. */
    private static ApiKey activeKey(ApplicationContext context, KeyRequest request, Instant at) {
        context.getBean(SaveKeyRequestPort.class).insert(request);
        ApiKey minted = ApiKey.mint(
                KeyId.random(),
                request,
                context.getBean(OwnerStoresPort.class).storeOf(request.email()),
                new KeyDigest(HexFormat.of().formatHex(request.id().toString().getBytes(), 0, 32)),
                new KeyHint("lk_" + request.email().value().substring(0, 3)),
                at,
                Duration.ofDays(7));
        SaveApiKeyPort keys = context.getBean(SaveApiKeyPort.class);
        keys.insert(minted);
        context.getBean(RecordDeliveryAttemptPort.class).record(DeliveryAttempt.delivered(request, minted.id(), at));
        ApiKey delivered = minted.delivered();
        assertThat(keys.compareAndSet(minted, delivered)).isTrue();
        assertThat(context.getBean(SaveKeyRequestPort.class).compareAndSet(request, request.delivered(at)))
                .isTrue();
        ApiKey active = ((ApiKey.Verification.Verified) delivered.verify(request.email(), at)).key();
        assertThat(keys.compareAndSet(delivered, active)).isTrue();
        return active;
    }

    private static List<UUID> ids(DataSource data, String table) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = data.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT id FROM " + table);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private static long count(DataSource data, String query) throws Exception {
        try (Connection connection = data.getConnection();
                PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void insert(Connection connection, int rows, Instant at) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_event (id, event_type, occurred_at) VALUES (?, 'VERIFIED', ?)")) {
            for (int i = 0; i < rows; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setTimestamp(2, Timestamp.from(at));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static long count(DataSource data, String condition, Instant at) throws Exception {
        try (Connection connection = data.getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE " + condition)) {
            query.setTimestamp(1, Timestamp.from(at));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
