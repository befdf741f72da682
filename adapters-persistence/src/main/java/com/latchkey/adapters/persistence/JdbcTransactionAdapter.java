package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.TransactionPort;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Supplier;

/** One JDBC transaction around the work; the adapters' own writes join it. */
@Singleton
class JdbcTransactionAdapter implements TransactionPort {

    private final TransactionOperations<Connection> transactions;

    JdbcTransactionAdapter(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return StorageFailures.guarded(() -> transactions.executeWrite(status -> work.get()));
    }
}
