package com.latchkey.adapters.persistence;

import io.micronaut.data.repository.CrudRepository;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.UUID;

/** Stores a row new or changed, in one transaction (joining the caller's, if there is one). */
final class Upsert {

    private Upsert() {}

    static <R> void save(
            TransactionOperations<Connection> transactions, CrudRepository<R, UUID> repository, UUID id, R row) {
        StorageFailures.guarded(() -> {
            transactions.executeWrite(status -> {
                if (repository.existsById(id)) {
                    repository.update(row);
                } else {
                    repository.save(row);
                }
                return null;
            });
        });
    }
}
