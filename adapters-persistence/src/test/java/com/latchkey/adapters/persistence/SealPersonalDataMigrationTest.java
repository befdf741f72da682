package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.RequestId;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names and client addresses stored before migration 12 are sealed and cut to their network by it,
 * over more rows than one chunk; a name an earlier release writes afterwards (a rolling upgrade) is
 * read as it is and sealed by the re-sealing job; the longest name fits its widened column.
 */
class SealPersonalDataMigrationTest {

    private static final String PEPPER = "the-pepper-of-this-migration-0123456789";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyStoredNameIsSealedAndEveryClientAddressCutToItsNetwork(String database) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("seal_names"));
        } else {
            settings.put("datasources.default.url", "jdbc:h2:mem:names-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            settings.put("datasources.default.username", "sa");
            settings.put("datasources.default.password", "");
        }
        String url = (String) settings.get("datasources.default.url");
        String user = (String) settings.get("datasources.default.username");
        settings.put("latchkey.key.pepper", PEPPER);
        SealPersonalDataPort seals = sealing();
        Flyway.configure()
                .dataSource(url, user, "")
                .javaMigrations(
                        new FoldOwnerIdentityMigration(seals),
                        new NotifyKeyChangesMigration(),
                        new AssignStoreIdsMigration(seals))
                .target("10")
                .load()
                .migrate();
        Map<UUID, String> nameOfRequest = new LinkedHashMap<>();
        Map<UUID, String> keptAddressOfEvent = new LinkedHashMap<>();
        UUID key;
        String digest = "d".repeat(64);
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            for (int i = 0; i < SealPersonalDataMigration.CHUNK + 50; i++) {
                String name = "Clear Name " + i;
                nameOfRequest.put(insertRequest(connection, seals, name), name);
            }
            key = insertKey(connection, seals, nameOfRequest.keySet().iterator().next(), "Clear Name 0", digest);
            Map<String, String> kept = new LinkedHashMap<>();
            kept.put("198.51.100.77", "198.51.100.0/24");
            kept.put("2001:db8:1:2:8a2e:370:7334:abcd", "2001:db8:1::/48");
            kept.put("::ffff:203.0.113.200", "203.0.113.0/24");
            kept.put("unknown", "unknown");
            for (int i = 0; i < SealPersonalDataMigration.CHUNK + 10; i++) {
                kept.put("10.1." + (i / 256) + "." + (i % 256), "10.1." + (i / 256) + ".0/24");
            }
            for (Map.Entry<String, String> address : kept.entrySet()) {
                keptAddressOfEvent.put(insertEvent(connection, address.getKey()), address.getValue());
            }
            keptAddressOfEvent.put(insertEvent(connection, null), null);
        }

        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings)
                .start()) {
            Map<UUID, String> names = rows(url, user, "SELECT id, owner_name FROM key_request");
            assertThat(names).hasSize(nameOfRequest.size());
            assertThat(names.values())
                    .as("every name sealed")
                    .allSatisfy(
                            text -> assertThat(text).startsWith(OwnerNameColumn.SEALED + seals.currentSecret() + ":"))
                    .noneMatch(text -> text.contains("Clear Name"));
            assertThat(rows(url, user, "SELECT id, owner_name FROM api_key").get(key))
                    .startsWith(OwnerNameColumn.SEALED)
                    .doesNotContain("Clear Name");
            LoadKeyRequestPort requests = context.getBean(LoadKeyRequestPort.class);
            nameOfRequest.entrySet().stream()
                    .limit(20)
                    .forEach(request -> assertThat(requests.load(new RequestId(request.getKey()))
                                    .orElseThrow()
                                    .ownerName())
                            .isEqualTo(OwnerName.of(request.getValue())));
            assertThat(context.getBean(LoadApiKeyPort.class)
                            .loadByDigest(new KeyDigest(digest))
                            .orElseThrow()
                            .ownerName())
                    .isEqualTo(OwnerName.of("Clear Name 0"));

            assertThat(rows(url, user, "SELECT id, client_address FROM audit_event"))
                    .as("every client address cut to its network")
                    .isEqualTo(keptAddressOfEvent);

            UUID writtenByAnEarlierRelease;
            UUID keyOfAnEarlierReleasesEvent = UUID.randomUUID();
            try (Connection connection = DriverManager.getConnection(url, user, "")) {
                writtenByAnEarlierRelease = insertRequest(connection, seals, "Still Clear");
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_event"
                        + " (id, event_type, occurred_at, key_id, client_address) VALUES (?, 'VERIFIED', ?, ?, ?)")) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setTimestamp(2, Timestamp.from(Instant.now()));
                    insert.setObject(3, keyOfAnEarlierReleasesEvent);
                    insert.setString(4, "192.0.2.123");
                    insert.executeUpdate();
                }
            }
            assertThat(context.getBean(ReadAuditTrailPort.class)
                            .read(new ReadAuditTrailPort.Query(
                                    Optional.of(new KeyId(keyOfAnEarlierReleasesEvent)),
                                    Optional.empty(),
                                    Instant.now().minusSeconds(600),
                                    Optional.empty(),
                                    10))
                            .events())
                    .as("a full address an earlier release wrote is shown cut to its network")
                    .singleElement()
                    .satisfies(recorded ->
                            assertThat(recorded.event().clientAddress()).isEqualTo(new ClientAddress("192.0.2.0/24")));
            assertThat(requests.load(new RequestId(writtenByAnEarlierRelease))
                            .orElseThrow()
                            .ownerName())
                    .as("a clear name from an earlier release reads as it is")
                    .isEqualTo(OwnerName.of("Still Clear"));
            context.getBean(SecretRotation.class).run();
            assertThat(rows(url, user, "SELECT id, owner_name FROM key_request").get(writtenByAnEarlierRelease))
                    .as("and the re-sealing job seals it, even with one pepper")
                    .startsWith(OwnerNameColumn.SEALED)
                    .doesNotContain("Still Clear");
            assertThat(requests.load(new RequestId(writtenByAnEarlierRelease))
                            .orElseThrow()
                            .ownerName())
                    .isEqualTo(OwnerName.of("Still Clear"));

            OwnerName longest = OwnerName.of("\uD83D\uDE00".repeat(OwnerName.MAX_LENGTH));
            KeyRequest request = KeyRequest.accept(
                    RequestId.random(), EmailAddress.of("longest@shop.example"), longest, Instant.now());
            context.getBean(SaveKeyRequestPort.class).insert(request);
            assertThat(requests.load(request.id()).orElseThrow().ownerName())
                    .as("the longest name in 4-byte characters fits its column sealed")
                    .isEqualTo(longest);
        }
    }

    private static SealPersonalDataPort sealing() {
        return ApplicationContext.run(Map.of(
                        "latchkey.key.pepper", PEPPER,
                        "latchkey.adapters.secrets", "local",
                        "latchkey.adapters.store", "none"))
                .getBean(SealPersonalDataPort.class);
    }

    /** A request as a release before names were sealed wrote it. */
    private static UUID insertRequest(Connection connection, SealPersonalDataPort seals, String name) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO key_request (id, email_index,"
                + " email_sealed, owner_name, status, attempts, next_attempt_at, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, 'SENT', 1, ?, ?, ?)")) {
            Timestamp at = Timestamp.from(Instant.parse("2026-11-01T09:00:00Z"));
            insert.setObject(1, id);
            insert.setString(2, seals.index(EmailAddress.of("requester@x.example")));
            insert.setString(3, seals.seal(EmailAddress.of("requester@x.example")));
            insert.setString(4, name);
            insert.setTimestamp(5, at);
            insert.setTimestamp(6, at);
            insert.setTimestamp(7, at);
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID insertKey(
            Connection connection, SealPersonalDataPort seals, UUID request, String name, String digest)
            throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_key (id, request_id,"
                + " email_index, email_sealed, owner_name, digest, hint, status, minted_at, expires_at, store_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'eck_abcd', 'PENDING', ?, ?, ?)")) {
            Instant minted = Instant.parse("2026-11-01T10:00:00Z");
            insert.setObject(1, id);
            insert.setObject(2, request);
            insert.setString(3, seals.index(EmailAddress.of("requester@x.example")));
            insert.setString(4, seals.seal(EmailAddress.of("requester@x.example")));
            insert.setString(5, name);
            insert.setString(6, digest);
            insert.setTimestamp(7, Timestamp.from(minted));
            insert.setTimestamp(8, Timestamp.from(minted.plusSeconds(86_400)));
            insert.setObject(9, UUID.randomUUID());
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID insertEvent(Connection connection, String clientAddress) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_event"
                        + " (id, event_type, occurred_at, masked_email, client_address) VALUES (?, 'VERIFY_FAILED', ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setTimestamp(2, Timestamp.from(Instant.parse("2026-11-01T11:00:00Z")));
            insert.setString(3, "r***@x.example");
            insert.setString(4, clientAddress);
            insert.executeUpdate();
        }
        return id;
    }

    private static Map<UUID, String> rows(String url, String user, String sql) throws Exception {
        Map<UUID, String> values = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.put(rows.getObject(1, UUID.class), rows.getString(2));
            }
        }
        return values;
    }
}
