package com.latchkey.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/** Whole Latchkey instances on random ports, with fast delivery for tests. */
final class Instances {

    private Instances() {}

    static EmbeddedServer start(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("latchkey.delivery.poll-interval", "100ms");
        properties.putAll(settings);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }
}
