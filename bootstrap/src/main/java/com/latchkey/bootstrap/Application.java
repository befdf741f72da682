package com.latchkey.bootstrap;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Latchkey: the HTTP API and pages, and the delivery dispatcher. */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {}

    public static void main(String[] args) {
        try {
            Micronaut.build(args).banner(false).mainClass(Application.class).start();
        } catch (RuntimeException failed) {
            ConfigurationException mistake = configurationMistake(failed);
            if (mistake == null) {
                throw failed;
            }
            LOG.error("latchkey cannot start: {}", mistake.getMessage());
            System.exit(2);
        }
    }

    /** The user's configuration mistake behind a failed start, if that is what it was. */
    static ConfigurationException configurationMistake(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException mistake) {
                return mistake;
            }
        }
        return null;
    }
}
