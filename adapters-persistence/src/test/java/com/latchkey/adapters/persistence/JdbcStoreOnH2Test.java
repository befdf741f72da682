package com.latchkey.adapters.persistence;

import com.latchkey.tck.store.StoreContract;

/** The jdbc store on the embedded H2 passes the store contract. */
class JdbcStoreOnH2Test extends StoreContract {

    @Override
    protected <T> T port(Class<T> type) {
        return Database.H2.port(type);
    }
}
