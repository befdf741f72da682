package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.ANSI)
interface ApiKeyRepository extends CrudRepository<ApiKeyRow, UUID> {

    Optional<ApiKeyRow> findByDigest(String digest);

    List<KeyStateRow> findByDigestIn(Collection<String> digests);

    List<ApiKeyRow> findByEmailIndexAndStatus(String emailIndex, String status);
}

/** The columns a cache refresh needs of a key: which key, and its state. */
@Introspected
record KeyStateRow(String digest, String status) {}
