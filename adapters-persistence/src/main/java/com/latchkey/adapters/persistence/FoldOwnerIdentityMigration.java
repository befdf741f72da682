package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration 4: an owner is the email case-folded in full, where the index used to keep the local
 * part's case. Every stored email is indexed again (the index is keyed by the pepper, so this
 * cannot be SQL); owners that were split by case and each had an active key keep the newest one,
 * and the others are revoked, each with an audit event.
 */
class FoldOwnerIdentityMigration extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(FoldOwnerIdentityMigration.class);
    static final int CHUNK = 1_000;

    private final SealPersonalDataPort emails;

    FoldOwnerIdentityMigration(SealPersonalDataPort emails) {
        this.emails = emails;
    }

    @Override
    protected void init() {
        // The version and description are given below, not read from the class name.
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
    }

    @Override
    public String getDescription() {
        return "fold owner identity";
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        reindex(connection, "key_request");
        reindex(connection, "api_key");
        revokeAllButTheNewestActiveKey(connection);
    }

    /**
     * Indexes a table's emails again in chunks of {@value #CHUNK} rows, so that memory stays flat
     * however large the table. A row whose email does not open under this pepper (written under
     * another one) keeps its index, and is counted in one log line.
     */
    private void reindex(Connection connection, String table) throws SQLException {
        UUID after = new UUID(0, 0); // the nil UUID sorts first on both databases; random ids are never nil
        int unreadable = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT id, email_sealed FROM " + table
                        + " WHERE id > ? ORDER BY id FETCH FIRST " + CHUNK + " ROWS ONLY");
                PreparedStatement update =
                        connection.prepareStatement("UPDATE " + table + " SET email_index = ? WHERE id = ?")) {
            while (true) {
                Map<UUID, String> folded = new LinkedHashMap<>();
                select.setObject(1, after);
                int read = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        read++;
                        after = rows.getObject(1, UUID.class);
                        try {
                            folded.put(after, emails.index(emails.open(rows.getString(2))));
                        } catch (IllegalStateException sealedUnderAnotherPepper) {
                            unreadable++;
                        }
                    }
                }
                for (Map.Entry<UUID, String> row : folded.entrySet()) {
                    update.setString(1, row.getValue());
                    update.setObject(2, row.getKey());
                    update.addBatch();
                }
                update.executeBatch();
                if (read < CHUNK) {
                    break;
                }
            }
        }
        if (unreadable > 0) {
            LOG.warn(
                    "{} rows of {} hold an email that does not open under the configured pepper: left as they were",
                    unreadable,
                    table);
        }
    }

    private void revokeAllButTheNewestActiveKey(Connection connection) throws SQLException {
        List<UUID> surplus = new ArrayList<>();
        List<String> maskedEmails = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, email_index, email_sealed FROM api_key WHERE status = 'ACTIVE'"
                                + " ORDER BY email_index, verified_at DESC, minted_at DESC");
                ResultSet rows = select.executeQuery()) {
            String owner = null;
            while (rows.next()) {
                if (rows.getString(2).equals(owner)) {
                    surplus.add(rows.getObject(1, UUID.class));
                    maskedEmails.add(emails.open(rows.getString(3)).masked());
                }
                owner = rows.getString(2);
            }
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement revoke =
                        connection.prepareStatement("UPDATE api_key SET status = 'REVOKED' WHERE id = ?");
                PreparedStatement audit = connection.prepareStatement(
                        "INSERT INTO audit_event (id, event_type, occurred_at, key_id, masked_email, detail)"
                                + " VALUES (?, 'ROTATED', ?, ?, ?, ?)")) {
            for (int i = 0; i < surplus.size(); i++) {
                revoke.setObject(1, surplus.get(i));
                revoke.addBatch();
                audit.setObject(1, UUID.randomUUID());
                audit.setTimestamp(2, now);
                audit.setObject(3, surplus.get(i));
                audit.setString(4, maskedEmails.get(i));
                audit.setString(5, "one owner whatever the email's case: a newer key of the owner is active");
                audit.addBatch();
            }
            revoke.executeBatch();
            audit.executeBatch();
        }
    }
}
