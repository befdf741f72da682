package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface AuditEventRepository extends CrudRepository<AuditEventRow, UUID> {

    /** A key's events in the order they were written (ids are time-ordered), after a cursor. */
    @Query(
            value = "SELECT * FROM audit_event WHERE key_id = :keyId AND occurred_at >= :since AND id > :after"
                    + " ORDER BY id LIMIT :limit",
            nativeQuery = true)
    List<AuditEventRow> pageOfKey(UUID keyId, Instant since, UUID after, int limit);

    /** An owner's events (by the keyed index of the email) in the order they were written, after a cursor. */
    @Query(
            value = "SELECT * FROM audit_event WHERE email_index IN (:emailIndexes) AND occurred_at >= :since"
                    + " AND id > :after ORDER BY id LIMIT :limit",
            nativeQuery = true)
    List<AuditEventRow> pageOfOwner(java.util.Collection<String> emailIndexes, Instant since, UUID after, int limit);
}
