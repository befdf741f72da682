package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.OwnerName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 12: personal data kept only as far as needed. Every owner's name stored in clear on a
 * request or a key is sealed under the newest pepper ({@link OwnerNameColumn}; the pepper's keys are
 * not SQL's to have), and every client address in the audit trail is cut to its network (IPv4 /24,
 * IPv6 /48: {@link ClientAddress#forAudit()}), as the trail now writes them. In chunks of {@value
 * #CHUNK} rows in the order of their ids, so that memory stays flat however large the tables. A
 * row is changed only if it still holds what was read, so a name an instance of the earlier release
 * writes meanwhile (a rolling upgrade) is left for {@link SecretRotation} to seal.
 */
class SealPersonalDataMigration extends BaseJavaMigration {

    static final int CHUNK = 1_000;

    private final SealPersonalDataPort seals;

    SealPersonalDataMigration(SealPersonalDataPort seals) {
        this.seals = seals;
    }

    @Override
    protected void init() {
        // The version and description are given below, not read from the class name.
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("12");
    }

    @Override
    public String getDescription() {
        return "seal owner names and truncate client addresses";
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        sealNames(connection, "key_request");
        sealNames(connection, "api_key");
        truncateClientAddresses(connection);
    }

    /** A stored name that is no name (which reading it refuses too) is left as it is, not lost. */
    private void sealNames(Connection connection, String table) throws SQLException {
        rewrite(connection, table, "owner_name", " AND owner_name NOT LIKE ?", OwnerNameColumn.SEALED + "%", clear -> {
            try {
                return OwnerNameColumn.text(OwnerName.of(clear), seals);
            } catch (IllegalArgumentException noName) {
                return clear;
            }
        });
    }

    /** An address that is no address the trail could have written is not kept at all. */
    private static void truncateClientAddresses(Connection connection) throws SQLException {
        rewrite(connection, "audit_event", "client_address", " AND client_address IS NOT NULL", null, full -> {
            try {
                return new ClientAddress(full).forAudit().value();
            } catch (IllegalArgumentException noAddress) {
                return null;
            }
        });
    }

    /** Writes {@code rewriting} of each value of a column that {@code condition} picks, where it changes it. */
    private static void rewrite(
            Connection connection,
            String table,
            String column,
            String condition,
            String parameter,
            UnaryOperator<String> rewriting)
            throws SQLException {
        UUID after = new UUID(0, 0); // the nil UUID sorts first on both databases; random ids are never nil
        try (PreparedStatement select = connection.prepareStatement("SELECT id, " + column + " FROM " + table
                        + " WHERE id > ?" + condition + " ORDER BY id FETCH FIRST " + CHUNK + " ROWS ONLY");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + table + " SET " + column + " = ? WHERE id = ? AND " + column + " = ?")) {
            while (true) {
                Map<UUID, String> read = new LinkedHashMap<>();
                select.setObject(1, after);
                if (parameter != null) {
                    select.setString(2, parameter);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getObject(1, UUID.class);
                        read.put(after, rows.getString(2));
                    }
                }
                for (Map.Entry<UUID, String> row : read.entrySet()) {
                    String rewritten = rewriting.apply(row.getValue());
                    if (!row.getValue().equals(rewritten)) {
                        update.setString(1, rewritten);
                        update.setObject(2, row.getKey());
                        update.setString(3, row.getValue());
                        update.addBatch();
                    }
                }
                update.executeBatch();
                if (read.size() < CHUNK) {
                    return;
                }
            }
        }
    }
}
