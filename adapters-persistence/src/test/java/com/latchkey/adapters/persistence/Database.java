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
    private static final Map<Database, Map<String, Object>> SETTINGS = new EnumMap<>(Database.class);
    private static final Map<Database, ApplicationContext> SECOND_INSTANCES = new EnumMap<>(Database.class);

    synchronized ApplicationContext context() {
        return CONTEXTS.computeIfAbsent(this, database -> {
            Map<String, Object> properties = new HashMap<>();
            properties.put("latchkey.key.pepper", "test-pepper-of-at-least-thirty-two-chars");
            if (database == POSTGRES) {
                properties.putAll(PostgresServer.freshDatabase("persistence"));
            } else {
                properties.put("datasources.default.url", "jdbc:h2:mem:persistence-test;DB_CLOSE_DELAY=-1");
            }
            SETTINGS.put(database, properties);
            return ApplicationContext.builder()
                    .environments("test")
                    .properties(properties)
                    .start();
        });
    }

    /** A second context on the same database, as another instance of the service would be. */
    synchronized ApplicationContext anotherInstance() {
        context();
        return SECOND_INSTANCES.computeIfAbsent(
                this,
                database -> ApplicationContext.builder()
                        .environments("test")
                        .properties(SETTINGS.get(database))
                        .start());
    }

    <T> T port(Class<T> type) {
        return context().getBean(type);
    }
}
