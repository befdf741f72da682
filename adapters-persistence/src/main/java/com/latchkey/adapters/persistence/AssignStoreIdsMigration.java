package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 10: every key stored before keys named their store gets its owner's, one random store id
 * per owner, with the owner's {@code store_owner} row. An owner is the email case-folded, indexed
 * under the newest pepper: the keys' own indexes may have been made under different peppers (a
 * rotation under way), so each key's email is opened and indexed again (which SQL cannot do). A key
 * whose email opens under no configured pepper is grouped by the index it has.
 */
class AssignStoreIdsMigration extends BaseJavaMigration {

    static final int CHUNK = 1_000;

    private final SealPersonalDataPort emails;

    AssignStoreIdsMigration(SealPersonalDataPort emails) {
        this.emails = emails;
    }

    @Override
    protected void init() {
        // The version and description are given below, not read from the class name.
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("10");
    }

    @Override
    public String getDescription() {
        return "assign store ids";
    }

    /**
     * Chunks of {@value #CHUNK} keys in the order of their ids, so that memory stays flat however
     * many keys and owners there are: the owners a chunk meets are looked up among those already
     * assigned, and the rest get a store now.
     */
    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        UUID after = new UUID(0, 0); // the nil UUID sorts first on both databases; random ids are never nil
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement select = connection.prepareStatement("SELECT id, email_index, email_sealed FROM api_key"
                        + " WHERE id > ? AND store_id IS NULL ORDER BY id FETCH FIRST " + CHUNK + " ROWS ONLY");
                PreparedStatement insertOwner = connection.prepareStatement(
                        "INSERT INTO store_owner (id, email_index, email_sealed, created_at) VALUES (?, ?, ?, ?)");
                PreparedStatement assign =
                        connection.prepareStatement("UPDATE api_key SET store_id = ? WHERE id = ?")) {
            while (true) {
                Map<UUID, Owner> keys = new LinkedHashMap<>();
                select.setObject(1, after);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getObject(1, UUID.class);
                        keys.put(after, owner(rows.getString(2), rows.getString(3)));
                    }
                }
                if (keys.isEmpty()) {
                    return;
                }
                Map<String, UUID> stores = storesOf(connection, keys.values());
                for (Owner owner : keys.values()) {
                    if (!stores.containsKey(owner.index())) {
                        UUID store = UUID.randomUUID();
                        stores.put(owner.index(), store);
                        insertOwner.setObject(1, store);
                        insertOwner.setString(2, owner.index());
                        insertOwner.setString(3, owner.sealed());
                        insertOwner.setTimestamp(4, now);
                        insertOwner.addBatch();
                    }
                }
                insertOwner.executeBatch();
                for (Map.Entry<UUID, Owner> key : keys.entrySet()) {
                    assign.setObject(1, stores.get(key.getValue().index()));
                    assign.setObject(2, key.getKey());
                    assign.addBatch();
                }
                assign.executeBatch();
                if (keys.size() < CHUNK) {
                    return;
                }
            }
        }
    }

    /** The owner of a key: indexed, and sealed, afresh under the newest pepper where its email opens. */
    private Owner owner(String index, String sealed) {
        try {
            EmailAddress email = emails.open(sealed);
            return new Owner(emails.index(email), emails.seal(email));
        } catch (IllegalStateException sealedUnderAPepperNoLongerConfigured) {
            return new Owner(index, sealed);
        }
    }

    /** The stores already assigned to the owners of a chunk, by the owner's index. */
    private static Map<String, UUID> storesOf(Connection connection, Collection<Owner> owners) throws SQLException {
        List<String> indexes = new ArrayList<>(
                new LinkedHashSet<>(owners.stream().map(Owner::index).toList()));
        Map<String, UUID> stores = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT email_index, id FROM store_owner"
                + " WHERE email_index IN (" + String.join(", ", Collections.nCopies(indexes.size(), "?")) + ")")) {
            for (int i = 0; i < indexes.size(); i++) {
                select.setString(i + 1, indexes.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stores.put(rows.getString(1), rows.getObject(2, UUID.class));
                }
            }
        }
        return stores;
    }

    private record Owner(String index, String sealed) {}
}
