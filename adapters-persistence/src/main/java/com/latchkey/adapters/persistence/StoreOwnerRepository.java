package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface StoreOwnerRepository extends CrudRepository<StoreOwnerRow, UUID> {

    /**
     * The store ids of an owner, by its index under any configured pepper, oldest first. One, but
     * for instances that disagreed on the newest pepper while a rotation was rolled out.
     */
    @Query(
            value = "SELECT id FROM store_owner WHERE email_index IN (:emailIndexes) ORDER BY created_at, id",
            nativeQuery = true)
    List<UUID> findIdsByEmailIndexes(Collection<String> emailIndexes);

    /**
     * Inserts the row unless the owner has a store under any of {@code emailIndexes}: answers 0 then.
     * Two such inserts at once may both see none; the unique index refuses the second (23505).
     */
    @Query(
            value = "INSERT INTO store_owner (id, email_index, email_sealed, created_at)"
                    + " SELECT :id, :emailIndex, :emailSealed, :createdAt"
                    + " WHERE NOT EXISTS (SELECT 1 FROM store_owner WHERE email_index IN (:emailIndexes))",
            nativeQuery = true)
    int insertUnlessOwned(
            UUID id, String emailIndex, String emailSealed, Instant createdAt, Collection<String> emailIndexes);

    /**
     * As {@link #insertUnlessOwned}, but a concurrent insert of the owner makes this one wait for it
     * and answer 0, instead of failing: a failed statement would end an enclosing transaction on
     * PostgreSQL.
     */
    @Query(
            value = "INSERT INTO store_owner (id, email_index, email_sealed, created_at)"
                    + " SELECT :id, :emailIndex, :emailSealed, :createdAt"
                    + " WHERE NOT EXISTS (SELECT 1 FROM store_owner WHERE email_index IN (:emailIndexes))"
                    + " ON CONFLICT DO NOTHING",
            nativeQuery = true)
    int insertUnlessOwnedOnPostgres(
            UUID id, String emailIndex, String emailSealed, Instant createdAt, Collection<String> emailIndexes);
}
