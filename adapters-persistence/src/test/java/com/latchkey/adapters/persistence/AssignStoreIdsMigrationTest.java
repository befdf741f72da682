package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.StoreId;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys stored before keys named their store get one by migration 10: one per owner (the email
 * case-folded, whichever pepper its key was indexed under), over more keys than one chunk; a key an
 * earlier release stores afterwards gets its owner's when first read.
 */
class AssignStoreIdsMigrationTest {

    private static final String OLD = "the-pepper-in-use-before-the-rotation-00";
    private static final String NEW = "the-pepper-rotated-in-0123456789abcdefgh";
    private static final int BULK_OWNERS = 7;

    /** The secrets adapters of a rotation under way, and of the old pepper alone, as the tests' keys were made. */
    private static final SealPersonalDataPort rotating = sealing(NEW + "," + OLD);

    private static final SealPersonalDataPort old = sealing(OLD);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyKeyGetsItsOwnersStoreOnePerOwner(String database) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("store_ids"));
        } else {
            settings.put("datasources.default.url", "jdbc:h2:mem:stores-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            settings.put("datasources.default.username", "sa");
            settings.put("datasources.default.password", "");
        }
        String url = (String) settings.get("datasources.default.url");
        String user = (String) settings.get("datasources.default.username");
        Flyway.configure()
                .dataSource(url, user, "")
                .javaMigrations(new FoldOwnerIdentityMigration(rotating), new NotifyKeyChangesMigration())
                .target("9")
                .load()
                .migrate();
        Map<UUID, String> ownerOfKey = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            UUID request = insertRequest(connection);
            ownerOfKey.put(insertKey(connection, request, rotating, "Ann@Shop.example"), "ann");
            ownerOfKey.put(insertKey(connection, request, rotating, "ann@shop.example"), "ann");
            ownerOfKey.put(insertKey(connection, request, old, "mid@shop.example"), "mid");
            ownerOfKey.put(insertKey(connection, request, rotating, "Mid@shop.example"), "mid");
            for (int i = 0; i < AssignStoreIdsMigration.CHUNK + 100; i++) {
                int owner = i % BULK_OWNERS;
                ownerOfKey.put(insertKey(connection, request, rotating, "bulk" + owner + "@x.example"), "bulk" + owner);
            }
        }

        settings.put("latchkey.key.peppers", NEW + "," + OLD);
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings)
                .start()) {
            Map<UUID, UUID> storeOfKey = storesOfKeys(url, user);
            assertThat(storeOfKey).as("every key has a store").hasSize(ownerOfKey.size());
            Map<String, UUID> storeOfOwner = new HashMap<>();
            storeOfKey.forEach((key, store) -> assertThat(storeOfOwner.computeIfAbsent(ownerOfKey.get(key), o -> store))
                    .as("every key of one owner has the owner's store")
                    .isEqualTo(store));
            assertThat(new HashSet<>(storeOfOwner.values()))
                    .as("each owner a store of its own")
                    .hasSize(2 + BULK_OWNERS);
            assertThat(column(url, user, "SELECT id FROM store_owner")).hasSize(2 + BULK_OWNERS);

            OwnerStoresPort stores = context.getBean(OwnerStoresPort.class);
            StoreId ann = new StoreId(storeOfOwner.get("ann"));
            assertThat(stores.find(EmailAddress.of("ANN@shop.example"))).contains(ann);
            assertThat(stores.storeOf(EmailAddress.of("mid@SHOP.example")))
                    .isEqualTo(new StoreId(storeOfOwner.get("mid")));
            UUID annsKey = ownerOfKey.entrySet().stream()
                    .filter(key -> key.getValue().equals("ann"))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
            LoadApiKeyPort keys = context.getBean(LoadApiKeyPort.class);
            assertThat(keys.loadById(new KeyId(annsKey)).orElseThrow().storeId())
                    .isEqualTo(ann);

            UUID storedByAnEarlierRelease;
            try (Connection connection = DriverManager.getConnection(url, user, "")) {
                storedByAnEarlierRelease =
                        insertKey(connection, insertRequest(connection), rotating, "ann@Shop.example");
            }
            String digest = column(
                            url, user, "SELECT digest FROM api_key WHERE id = '" + storedByAnEarlierRelease + "'")
                    .getFirst();
            assertThat(keys.loadByDigest(new KeyDigest(digest)).orElseThrow().storeId())
                    .as("a key without a store gets its owner's")
                    .isEqualTo(ann);
            assertThat(storesOfKeys(url, user)).containsEntry(storedByAnEarlierRelease, ann.value());
        }
    }

    private static SealPersonalDataPort sealing(String peppers) {
        return ApplicationContext.run(Map.of(
                        "latchkey.key.peppers", peppers,
                        "latchkey.adapters.secrets", "local",
                        "latchkey.adapters.store", "none"))
                .getBean(SealPersonalDataPort.class);
    }

    private static UUID insertRequest(Connection connection) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO key_request (id, email_index,"
                + " email_sealed, owner_name, status, attempts, next_attempt_at, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'Owner', 'SENT', 1, ?, ?, ?)")) {
            Timestamp at = Timestamp.from(Instant.parse("2026-11-01T09:00:00Z"));
            insert.setObject(1, id);
            insert.setString(2, rotating.index("requester@x.example"));
            insert.setString(3, rotating.seal(EmailAddress.of("requester@x.example")));
            insert.setTimestamp(4, at);
            insert.setTimestamp(5, at);
            insert.setTimestamp(6, at);
            insert.executeUpdate();
        }
        return id;
    }

    /** A key as a release before store ids wrote it, sealed and indexed under {@code emails}' newest pepper. */
    private static UUID insertKey(Connection connection, UUID request, SealPersonalDataPort emails, String typed)
            throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_key (id, request_id,"
                + " email_index, email_sealed, owner_name, digest, hint, status, minted_at, expires_at)"
                + " VALUES (?, ?, ?, ?, 'Owner', ?, 'eck_abcd', 'PENDING', ?, ?)")) {
            Instant minted = Instant.parse("2026-11-01T10:00:00Z");
            insert.setObject(1, id);
            insert.setObject(2, request);
            insert.setString(3, emails.index(EmailAddress.of(typed)));
            insert.setString(4, emails.seal(EmailAddress.of(typed)));
            insert.setString(5, rotating.index(id.toString()));
            insert.setTimestamp(6, Timestamp.from(minted));
            insert.setTimestamp(7, Timestamp.from(minted.plusSeconds(86_400)));
            insert.executeUpdate();
        }
        return id;
    }

    private static Map<UUID, UUID> storesOfKeys(String url, String user) throws Exception {
        Map<UUID, UUID> stores = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement select =
                        connection.prepareStatement("SELECT id, store_id FROM api_key WHERE store_id IS NOT NULL");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stores.put(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class));
            }
        }
        return stores;
    }

    private static List<String> column(String url, String user, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
