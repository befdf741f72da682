package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface ConsentGrantRepository extends CrudRepository<ConsentGrantRow, ConsentGrantRow.Key> {

    @Query(
            value = "SELECT * FROM consent_grant WHERE store_id = :storeId AND integration_id = :integrationId",
            nativeQuery = true)
    Optional<ConsentGrantRow> find(UUID storeId, String integrationId);

    @Query(value = "SELECT * FROM consent_grant WHERE store_id = :storeId", nativeQuery = true)
    List<ConsentGrantRow> findByStore(UUID storeId);

    /** Locks the grant for a change decided on what it holds now. */
    @Query(
            value = "SELECT * FROM consent_grant WHERE store_id = :storeId AND integration_id = :integrationId"
                    + " FOR UPDATE",
            nativeQuery = true)
    Optional<ConsentGrantRow> lock(UUID storeId, String integrationId);

    /**
     * A first grant, unless the store granted the integration already: answers 0 then. Two such
     * inserts at once may both see none; the primary key refuses the second (23505).
     */
    @Query(
            value = "INSERT INTO consent_grant (store_id, integration_id, scopes, granted_at, updated_at)"
                    + " SELECT :storeId, :integrationId, :scopes, :now, :now WHERE NOT EXISTS"
                    + " (SELECT 1 FROM consent_grant WHERE store_id = :storeId AND integration_id = :integrationId)",
            nativeQuery = true)
    int insertUnlessGranted(UUID storeId, String integrationId, String scopes, Instant now);

    /**
     * As {@link #insertUnlessGranted}, but a concurrent first grant makes this one wait for it and
     * answer 0, instead of failing: a failed statement would end the transaction on PostgreSQL.
     */
    @Query(
            value = "INSERT INTO consent_grant (store_id, integration_id, scopes, granted_at, updated_at)"
                    + " VALUES (:storeId, :integrationId, :scopes, :now, :now) ON CONFLICT DO NOTHING",
            nativeQuery = true)
    int insertUnlessGrantedOnPostgres(UUID storeId, String integrationId, String scopes, Instant now);

    @Query(
            value = "UPDATE consent_grant SET scopes = :scopes, updated_at = :updatedAt"
                    + " WHERE store_id = :storeId AND integration_id = :integrationId",
            nativeQuery = true)
    int updateScopes(UUID storeId, String integrationId, String scopes, Instant updatedAt);

    @Query(
            value = "DELETE FROM consent_grant WHERE store_id = :storeId AND integration_id = :integrationId",
            nativeQuery = true)
    int remove(UUID storeId, String integrationId);

    @Query(value = "DELETE FROM consent_grant WHERE integration_id = :integrationId", nativeQuery = true)
    int removeAll(String integrationId);
}
