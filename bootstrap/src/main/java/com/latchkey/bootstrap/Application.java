package com.latchkey.bootstrap;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Latchkey: the HTTP API and pages, and the delivery dispatcher. */
public final class Application extends Micronaut {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    /** Exit status of a start refused for a configuration mistake. */
    static final int BAD_CONFIGURATION = 2;

    private Application() {}

    public static void main(String[] args) {
        new Application().args(args).banner(false).mainClass(Application.class).start();
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
