package com.latchkey.bootstrap;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import java.util.Map;

/** The same races on two instances sharing a real PostgreSQL. */
class KeyRacesOnPostgresTest extends KeyRacesTest {

    @Override
    protected Map<String, Object> database() {
        return PostgresServer.freshDatabase("races");
    }
}
