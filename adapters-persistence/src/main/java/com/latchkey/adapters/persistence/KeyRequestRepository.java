package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface KeyRequestRepository extends CrudRepository<KeyRequestRow, UUID> {

    /** An owner's requests, the owner by its index under any configured pepper. */
    List<KeyRequestRow> findByEmailIndexInOrderByCreatedAtDesc(Collection<String> emailIndexes);

    /** Locks due rows; rows another transaction holds are skipped, not waited for. */
    @Query(
            value = "SELECT * FROM key_request WHERE status = 'PENDING' AND next_attempt_at <= :now"
                    + " ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED",
            nativeQuery = true)
    List<KeyRequestRow> lockDue(Instant now, int limit);

    /**
     * The ids of up to {@code window} requests due longest, oldest first, locking nothing. Ordered by
     * both columns of {@code key_request_due} so that H2 reads them in the index's order and stops at
     * the window, where ordering by the time alone would have it read and sort every due row.
     */
    @Query(
            value = "SELECT id FROM key_request WHERE status = 'PENDING' AND next_attempt_at <= :now"
                    + " ORDER BY status, next_attempt_at LIMIT :window",
            nativeQuery = true)
    List<UUID> findDueLongest(Instant now, int window);

    /**
     * Locks up to {@code limit} of the given requests that are still due; rows another transaction
     * holds are skipped, not waited for. Unsorted, so that H2 locks only the rows it returns.
     */
    @Query(
            value = "SELECT * FROM key_request WHERE id IN (:ids) AND status = 'PENDING' AND next_attempt_at <= :now"
                    + " LIMIT :limit FOR UPDATE SKIP LOCKED",
            nativeQuery = true)
    List<KeyRequestRow> lockDueAmong(Collection<UUID> ids, Instant now, int limit);

    /** Holds a locked request for one attempt until {@code leaseUntil}. */
    @Query(
            value = "UPDATE key_request SET next_attempt_at = :leaseUntil, updated_at = :now WHERE id = :id",
            nativeQuery = true)
    int lease(UUID id, Instant leaseUntil, Instant now);

    /** An attempt's outcome, applied only if no other attempt settled the request since it was read. */
    @Query(
            value = "UPDATE key_request SET status = :status, attempts = :attempts, next_attempt_at = :nextAttemptAt,"
                    + " updated_at = :updatedAt, last_error = :lastError"
                    + " WHERE id = :id AND status = :expectedStatus AND attempts = :expectedAttempts",
            nativeQuery = true)
    int updateOutcome(
            UUID id,
            String expectedStatus,
            int expectedAttempts,
            String status,
            int attempts,
            Instant nextAttemptAt,
            Instant updatedAt,
            @Nullable String lastError);
}
