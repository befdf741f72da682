package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface ApiKeyRepository extends CrudRepository<ApiKeyRow, UUID> {

    Optional<ApiKeyRow> findByDigest(String digest);

    List<KeyStateRow> findByDigestIn(Collection<String> digests);

    /** An owner's keys in one state, the owner by its index under any configured pepper. */
    List<ApiKeyRow> findByEmailIndexInAndStatus(Collection<String> emailIndexes, String status);

    List<ApiKeyRow> findByEmailIndexInOrderByMintedAtDesc(Collection<String> emailIndexes);

    List<KeyUseRow> findByIdInAndLastUsedAtIsNotNull(Collection<UUID> ids);

    /** A key's last use, moved only forward: a use noted late by another instance never moves it back. */
    @Query(
            value =
                    "UPDATE api_key SET last_used_at = :at WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)",
            nativeQuery = true)
    int updateLastUsed(UUID id, Instant at);

    /** Locks every key of one owner, in one order everywhere, so that two callers never deadlock. */
    @Query(
            value = "SELECT * FROM api_key WHERE email_index IN (:emailIndexes) ORDER BY id FOR UPDATE",
            nativeQuery = true)
    List<ApiKeyRow> lockByEmailIndexes(Collection<String> emailIndexes);

    /** Gives a key stored without a store id its owner's store. */
    @Query(value = "UPDATE api_key SET store_id = :storeId WHERE id = :id AND store_id IS NULL", nativeQuery = true)
    int assignStore(UUID id, UUID storeId);

    /**
     * A key's change of state, applied only if it is still in the state the change was decided on;
     * {@code endedAt} is when a key that ends now ended (for the retention job), empty otherwise.
     */
    @Query(
            value = "UPDATE api_key SET status = :status, verified_at = :verifiedAt, ended_at = :endedAt"
                    + " WHERE id = :id AND status = :expectedStatus",
            nativeQuery = true)
    int updateStatus(
            UUID id, String expectedStatus, String status, @Nullable Instant verifiedAt, @Nullable Instant endedAt);
}

/** When a key was last used. */
@Introspected
record KeyUseRow(UUID id, Instant lastUsedAt) {}

/** The columns a cache refresh needs of a key: which key, and its state. */
@Introspected
record KeyStateRow(String digest, String status) {}
