package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 would skip Latchkey's handlers in the HTTP/1 pipeline (security headers, read deadlines):
 * a server configured for it does not start.
 */
class Http1OnlyTest {

    private static final String REFUSAL = "MICRONAUT_SERVER_HTTP_VERSION must be 1.1, not 2.0: Latchkey serves"
            + " HTTP/1.1 only (TLS and HTTP/2 end at the load balancer)";

    private static Throwable configurationMistake(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException) {
                return cause;
            }
        }
        return failure;
    }

    @Test
    void aServerConfiguredForHttp2DoesNotStart() {
        assertThatThrownBy(() -> ApplicationContext.run(
                                EmbeddedServer.class, Map.of("micronaut.server.http-version", "2.0"), "test")
                        .close())
                .extracting(Http1OnlyTest::configurationMistake)
                .isInstanceOf(ConfigurationException.class)
                .extracting(Throwable::getMessage)
                .isEqualTo(REFUSAL);
    }

    @Test
    void aServerConfiguredForHttp11Starts() {
        try (EmbeddedServer server =
                ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.http-version", "1.1"), "test")) {
            assertThat(server.isRunning()).isTrue();
        }
    }
}
