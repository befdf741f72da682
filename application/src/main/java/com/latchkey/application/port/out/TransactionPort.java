package com.latchkey.application.port.out;

import java.util.function.Supplier;

/** Runs work in one database transaction: all of it is committed, or none. */
public interface TransactionPort {

    <T> T inTransaction(Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
