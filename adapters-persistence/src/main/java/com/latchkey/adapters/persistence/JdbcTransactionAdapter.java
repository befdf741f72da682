package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.TransactionPort;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC transaction around the work; the adapters' own writes join it. A transaction the
 * database chose as a deadlock's victim, or one that waited too long for a lock, is rolled back
 * whole and run again: its work decides afresh on what it reads.
 */
@Singleton
class JdbcTransactionAdapter implements TransactionPort {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTransactionAdapter.class);
    static final int ATTEMPTS = 3;

    private final TransactionOperations<Connection> transactions;

    JdbcTransactionAdapter(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        // Joined to an enclosing transaction, the work is that transaction's to run again, not ours.
        int attempts = transactions.findTransactionStatus().isPresent() ? 1 : ATTEMPTS;
        for (int attempt = 1; ; attempt++) {
            try {
                return StorageFailures.guarded(() -> transactions.executeWrite(status -> work.get()));
            } catch (RuntimeException failed) {
                if (attempt >= attempts || !isLockConflict(failed)) {
                    throw failed;
                }
                LOG.info("transaction lost a lock conflict, running it again (attempt {})", attempt + 1);
            }
        }
    }

    /**
     * A deadlock or a serialization failure (SQLState 40001, 40P01 on PostgreSQL) or a lock
     * timeout (H2's HYT00, PostgreSQL's 55P03).
     */
    static boolean isLockConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("40001") || state.equals("40P01") || state.equals("HYT00") || state.equals("55P03")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
