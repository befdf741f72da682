package com.latchkey.adapters.persistence;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.context.ApplicationContext;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The databases the persistence adapter runs on, each with one application context on a fresh database. */
enum Database {
    H2,
    POSTGRES;

    private static final Map<Database, ApplicationContext> CONTEXTS = new EnumMap<>(Database.class);

    synchronized ApplicationContext context() {
        return CONTEXTS.computeIfAbsent(this, database -> {
            Map<String, Object> properties = new HashMap<>();
            properties.put("latchkey.key.pepper", "test-pepper-of-at-least-thirty-two-chars");
            if (database == POSTGRES) {
                properties.putAll(PostgresServer.freshDatabase("persistence"));
            } else {
                properties.put("datasources.default.url", "jdbc:h2:mem:persistence-test;DB_CLOSE_DELAY=-1");
            }
            return ApplicationContext.builder()
                    .environments("test")
                    .properties(properties)
                    .start();
        });
    }

    <T> T port(Class<T> type) {
        return context().getBean(type);
    }
}
