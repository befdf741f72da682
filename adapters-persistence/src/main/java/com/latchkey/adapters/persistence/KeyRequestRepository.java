package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface KeyRequestRepository extends CrudRepository<KeyRequestRow, UUID> {

    /** Locks due rows; rows another transaction holds are skipped, not waited for. */
    @Query(
            value = "SELECT * FROM key_request WHERE status = 'PENDING' AND next_attempt_at <= :now"
                    + " ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED",
            nativeQuery = true)
    List<KeyRequestRow> lockDue(Instant now, int limit);
}
