package com.latchkey.adapters.persistence;

import com.latchkey.application.port.StorageUnavailableException;
import io.micronaut.data.connection.exceptions.ConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

/** Tells a database that cannot be reached, and a row refused as a duplicate, from any other failure. */
final class StorageFailures {

    private StorageFailures() {}

    static <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (StorageUnavailableException alreadyTold) {
            throw alreadyTold;
        } catch (RuntimeException failed) {
            if (isUnreachable(failed)) {
                throw new StorageUnavailableException(failed.getClass().getSimpleName());
            }
            throw failed;
        }
    }

    static void guarded(Runnable work) {
        guarded(() -> {
            work.run();
            return null;
        });
    }

    /**
     * A row refused by a unique or primary key constraint (SQLState 23505 on H2 and PostgreSQL): for
     * an insert racing another of the same row, an answer rather than a fault.
     */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * No connection, a lost connection (a pooled one found broken on use), or a server shutting
     * down (SQLState class 08, 57P0x).
     */
    static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectionException
                    || cause instanceof ConnectException
                    || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
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
