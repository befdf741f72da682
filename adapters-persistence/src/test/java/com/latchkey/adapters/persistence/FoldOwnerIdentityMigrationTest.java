package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyStatus;
import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rows written before owners were case-folded (the index kept the local part's case) are indexed
 * again by migration 4, and an owner split by case with two active keys keeps only the newest.
 */
class FoldOwnerIdentityMigrationTest {

    private static final String PEPPER = "test-pepper-of-at-least-thirty-two-chars";
    /** The secrets adapter the migration itself will use, under the same pepper. */
    private static final SealPersonalDataPort emails = ApplicationContext.run(Map.of(
                    "latchkey.key.pepper", PEPPER,
                    "latchkey.adapters.secrets", "local",
                    "latchkey.adapters.store", "none"))
            .getBean(SealPersonalDataPort.class);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void existingRowsAreFoldedIntoOneOwnerWithOneActiveKey(String database) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("fold_owner"));
        } else {
            settings.put("datasources.default.url", "jdbc:h2:mem:fold-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            settings.put("datasources.default.username", "sa");
            settings.put("datasources.default.password", "");
        }
        String url = (String) settings.get("datasources.default.url");
        String user = (String) settings.get("datasources.default.username");
        Flyway.configure().dataSource(url, user, "").target("3").load().migrate();
        UUID older;
        UUID newer;
        Map<UUID, String> bulk = new HashMap<>();
        UUID unreadable;
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            for (int i = 0; i < FoldOwnerIdentityMigration.CHUNK + 200; i++) {
                bulk.put(insertRequest(connection, "Bulk" + i + "@X.example"), emails.index("bulk" + i + "@x.example"));
            }
            unreadable = insertRequest(connection, "Sealed@elsewhere.example");
            try (PreparedStatement garble =
                    connection.prepareStatement("UPDATE key_request SET email_sealed = 'AAAA' WHERE id = ?")) {
                garble.setObject(1, unreadable);
                garble.executeUpdate();
            }
            UUID request = insertRequest(connection, "Rot@x.example");
            older = insertActiveKey(connection, request, "Rot@x.example", Instant.parse("2026-11-01T10:00:00Z"));
            newer = insertActiveKey(connection, request, "rot@x.example", Instant.parse("2026-11-02T10:00:00Z"));
        }

        settings.put("latchkey.key.pepper", PEPPER);
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings)
                .start()) {
            LoadApiKeyPort keys = context.getBean(LoadApiKeyPort.class);

            assertThat(keys.loadByOwner(EmailAddress.of("ROT@x.example"), KeyStatus.ACTIVE))
                    .extracting(key -> key.id().value())
                    .containsExactly(newer);
            assertThat(keys.loadByOwner(EmailAddress.of("rot@x.example"), KeyStatus.REVOKED))
                    .extracting(key -> key.id().value())
                    .containsExactly(older);
        }
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement indexes = connection.prepareStatement("SELECT id, email_index FROM key_request");
                ResultSet rows = indexes.executeQuery()) {
            Map<UUID, String> stored = new HashMap<>();
            while (rows.next()) {
                stored.put(rows.getObject(1, UUID.class), rows.getString(2));
            }
            assertThat(stored)
                    .as("every chunk indexed again under the folded email")
                    .containsAllEntriesOf(bulk);
            assertThat(stored.get(unreadable))
                    .as("a row sealed under another pepper is left as it was")
                    .isEqualTo(emails.index("Sealed@elsewhere.example"));
        }
        try (Connection connection = DriverManager.getConnection(url, user, "");
                PreparedStatement audit = connection.prepareStatement(
                        "SELECT event_type, masked_email FROM audit_event WHERE key_id = ?")) {
            audit.setObject(1, older);
            try (ResultSet rows = audit.executeQuery()) {
                assertThat(rows.next()).as("the revocation is audited").isTrue();
                assertThat(rows.getString(1)).isEqualTo("ROTATED");
                assertThat(rows.getString(2)).isEqualTo("r***@x.example");
            }
        }
    }

    /** A row as the code before migration 4 wrote it: indexed by the address as typed. */
    private UUID insertRequest(Connection connection, String typed) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO key_request (id, email_index,"
                + " email_sealed, owner_name, status, attempts, next_attempt_at, created_at, updated_at)"
                + " VALUES (?, ?, ?, 'Owner', 'SENT', 1, ?, ?, ?)")) {
            Timestamp at = Timestamp.from(Instant.parse("2026-11-01T09:00:00Z"));
            insert.setObject(1, id);
            insert.setString(2, emails.index(typed));
            insert.setString(3, emails.seal(EmailAddress.of(typed)));
            insert.setTimestamp(4, at);
            insert.setTimestamp(5, at);
            insert.setTimestamp(6, at);
            insert.executeUpdate();
        }
        return id;
    }

    private UUID insertActiveKey(Connection connection, UUID request, String typed, Instant verifiedAt)
            throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_key (id, request_id,"
                + " email_index, email_sealed, owner_name, digest, hint, status, minted_at, expires_at, verified_at)"
                + " VALUES (?, ?, ?, ?, 'Owner', ?, 'eck_abcd', 'ACTIVE', ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, request);
            insert.setString(3, emails.index(typed));
            insert.setString(4, emails.seal(EmailAddress.of(typed)));
            insert.setString(5, emails.index(id.toString()));
            insert.setTimestamp(6, Timestamp.from(verifiedAt.minusSeconds(60)));
            insert.setTimestamp(7, Timestamp.from(verifiedAt.plusSeconds(86_400)));
            insert.setTimestamp(8, Timestamp.from(verifiedAt));
            insert.executeUpdate();
        }
        return id;
    }
}
