package com.latchkey.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.ANSI)
interface IntegrationRepository extends CrudRepository<IntegrationRow, String> {

    List<IntegrationRow> findAllOrderById();

    @Query(value = "DELETE FROM integration WHERE id = :id", nativeQuery = true)
    int remove(String id);

    /** Inserts the row unless its id is taken: answers 0 then, where a plain insert would fail. */
    @Query(
            value =
                    "INSERT INTO integration (id, name, scopes, secret_digest, secret_hint, registered_at, secret_pepper)"
                            + " SELECT :id, :name, :scopes, :secretDigest, :secretHint, :registeredAt, :secretPepper"
                            + " WHERE NOT EXISTS (SELECT 1 FROM integration WHERE id = :id)",
            nativeQuery = true)
    int insertUnlessTaken(
            String id,
            String name,
            String scopes,
            String secretDigest,
            String secretHint,
            Instant registeredAt,
            String secretPepper);
}
