package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface OwnerLinkRepository extends CrudRepository<OwnerLinkRow, UUID> {

    Optional<OwnerLinkRow> findByDigest(String digest);

    /** A first use, stored only if nobody used the link meanwhile. */
    @Query(value = "UPDATE owner_link SET used_at = :usedAt WHERE id = :id AND used_at IS NULL", nativeQuery = true)
    int markFirstUse(UUID id, Instant usedAt);

    /**
     * A later use of a reusable link, stored only if its last use is still the one read. (Two
     * statements rather than one with a nullable parameter, whose type PostgreSQL cannot infer.)
     */
    @Query(
            value = "UPDATE owner_link SET used_at = :usedAt WHERE id = :id AND used_at = :lastUsedAt",
            nativeQuery = true)
    int markNextUse(UUID id, Instant lastUsedAt, Instant usedAt);
}
