package com.latchkey.adapters.persistence;

import com.latchkey.tck.store.StoreContract;

/** The jdbc store on a real PostgreSQL passes the store contract. */
class JdbcStoreOnPostgresTest extends StoreContract {

    @Override
    protected <T> T port(Class<T> type) {
        return Database.POSTGRES.port(type);
    }
}
