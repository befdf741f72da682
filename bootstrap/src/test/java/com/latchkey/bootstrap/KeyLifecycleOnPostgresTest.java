package com.latchkey.bootstrap;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import java.util.HashMap;
import java.util.Map;

/** The same lifecycle over real HTTP, on a real PostgreSQL. */
class KeyLifecycleOnPostgresTest extends KeyLifecycleOverHttpTest {

    @Override
    protected Map<String, Object> database() {
        Map<String, Object> settings = new HashMap<>(PostgresServer.freshDatabase("lifecycle"));
        settings.put("latchkey.key.pepper", "lifecycle-on-postgres-pepper-0123456789");
        return settings;
    }
}
