package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.EraseOwnerDataPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Erases an owner (SPEC §9) in the caller's transaction, or one of its own: the owner is found by the
 * keyed index of the email under every configured pepper, and by the store ids on their keys. Their
 * audit events (by the index, or by the id of one of their keys) keep type, time and key id; their
 * delivery attempts, keys, requests, grants, links and store are deleted.
 */
@Singleton
class OwnerErasureAdapter implements EraseOwnerDataPort {

    private final TransactionOperations<Connection> transactions;
    private final SealPersonalDataPort emails;

    OwnerErasureAdapter(TransactionOperations<Connection> transactions, SealPersonalDataPort emails) {
        this.transactions = transactions;
        this.emails = emails;
    }

    @Override
    public Erased erase(EmailAddress owner) {
        List<String> indexes = emails.indexes(owner);
        return StorageFailures.guarded(() -> transactions.executeWrite(status -> {
            try {
                return erase(status.getConnection(), indexes);
            } catch (SQLException failed) {
                throw new IllegalStateException("erasing an owner failed: " + failed.getSQLState(), failed);
            }
        }));
    }

    @Override
    public int stripAudit(EmailAddress owner, Set<KeyId> keys) {
        List<String> indexes = emails.indexes(owner);
        Set<UUID> ids = new LinkedHashSet<>();
        keys.forEach(key -> ids.add(key.value()));
        return StorageFailures.guarded(() -> transactions.executeWrite(status -> {
            try {
                return strip(status.getConnection(), indexes, ids);
            } catch (SQLException failed) {
                throw new IllegalStateException("stripping an owner's audit failed: " + failed.getSQLState(), failed);
            }
        }));
    }

    private static Erased erase(Connection connection, List<String> indexes) throws SQLException {
        Set<UUID> keys = new LinkedHashSet<>();
        Set<UUID> requests = new LinkedHashSet<>();
        Set<UUID> stores = new LinkedHashSet<>();
        try (PreparedStatement owned = connection.prepareStatement(
                "SELECT id, request_id, store_id FROM api_key WHERE email_index IN " + WhereIn.marks(indexes.size()))) {
            WhereIn.bind(owned, 1, indexes);
            try (ResultSet rows = owned.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getObject(1, UUID.class));
                    requests.add(rows.getObject(2, UUID.class));
                    UUID store = rows.getObject(3, UUID.class);
                    if (store != null) {
                        stores.add(store);
                    }
                }
            }
        }
        requests.addAll(ids(connection, "SELECT id FROM key_request WHERE email_index IN", indexes));
        stores.addAll(ids(connection, "SELECT id FROM store_owner WHERE email_index IN", indexes));

        int stripped = strip(connection, indexes, keys);
        WhereIn.run(connection, "DELETE FROM delivery_attempt WHERE key_id IN", keys);
        WhereIn.run(connection, "DELETE FROM delivery_attempt WHERE request_id IN", requests);
        int deletedKeys = WhereIn.run(connection, "DELETE FROM api_key WHERE id IN", keys);
        int deletedRequests = WhereIn.run(connection, "DELETE FROM key_request WHERE id IN", requests);
        int grants = WhereIn.run(connection, "DELETE FROM consent_grant WHERE store_id IN", stores);
        WhereIn.run(connection, "DELETE FROM owner_link WHERE email_index IN", indexes);
        WhereIn.run(connection, "DELETE FROM owner_link WHERE store_id IN", stores);
        WhereIn.run(connection, "DELETE FROM store_owner WHERE id IN", stores);
        return new Erased(deletedRequests, deletedKeys, grants, stripped);
    }

    /** Leaves type, time and key id of the owner's audit events: those under their index or about their keys. */
    private static int strip(Connection connection, List<String> indexes, Set<UUID> keys) throws SQLException {
        String ofKeys = keys.isEmpty() ? "" : " OR key_id IN " + WhereIn.marks(keys.size());
        // Rows stripped already (by the erasure, before a second pass) are left alone and not counted.
        String notBare = " AND (masked_email IS NOT NULL OR email_index IS NOT NULL OR client_address IS NOT NULL"
                + " OR actor IS NOT NULL OR detail IS NOT NULL)";
        try (PreparedStatement strip = connection.prepareStatement(
                "UPDATE audit_event SET masked_email = NULL, email_index = NULL, client_address = NULL,"
                        + " actor = NULL, detail = NULL WHERE (email_index IN " + WhereIn.marks(indexes.size())
                        + ofKeys + ")" + notBare)) {
            WhereIn.bind(strip, 1, indexes);
            WhereIn.bind(strip, 1 + indexes.size(), keys);
            return strip.executeUpdate();
        }
    }

    private static List<UUID> ids(Connection connection, String selectWhereIn, Collection<?> values)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement(selectWhereIn + " " + WhereIn.marks(values.size()))) {
            WhereIn.bind(select, 1, values);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }
}
