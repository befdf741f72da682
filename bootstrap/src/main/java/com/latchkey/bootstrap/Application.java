package com.latchkey.bootstrap;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.Micronaut;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Latchkey: the HTTP API and pages, and the delivery dispatcher. */
public final class Application extends Micronaut {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    /** Exit status of a start refused for a configuration mistake. */
    static final int BAD_CONFIGURATION = 2;

    private Application() {}

    public static void main(String[] args) {
        new Application()
                .args(args)
                .banner(false)
                .mainClass(Application.class)
                .properties(databaseWhenTheStoreNeedsIt(
                        System.getProperty(STORE, System.getenv("LATCHKEY_ADAPTERS_STORE"))))
                .start();
    }

    static final String STORE = "latchkey.adapters.store";

    /**
     * The database is configured by default (the embedded H2 of the jdbc store), and Micronaut opens
     * a configured database at start; a store that is not {@code jdbc} needs none, so none is opened
     * (no H2 file, no migrations) unless another adapter asks for it.
     */
    static Map<String, Object> databaseWhenTheStoreNeedsIt(String store) {
        if (store == null || store.isBlank() || store.strip().equals("jdbc")) {
            return Map.of();
        }
        return Map.of("datasources.default.enabled", false);
    }

    /** A user's configuration mistake is one line naming the setting, not a stack trace. */
    @Override
    protected void handleStartupException(Environment environment, Throwable failure) {
        ConfigurationException mistake = configurationMistake(failure);
        if (mistake == null) {
            super.handleStartupException(environment, failure);
            return;
        }
        LOG.error("latchkey cannot start: {}", mistake.getMessage());
        System.exit(BAD_CONFIGURATION);
    }

    static ConfigurationException configurationMistake(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException mistake) {
                return mistake;
            }
        }
        return null;
    }
}
