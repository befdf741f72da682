package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A request head must arrive in full within LATCHKEY_HEADER_READ_TIMEOUT, however its bytes trickle in. */
@MicronautTest
@Property(name = "latchkey.header-read-timeout", value = "PT2S")
class RequestHeadDeadlineTest {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String STATUS_REQUEST =
            "GET /api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST + " HTTP/1.1\r\nHost: localhost\r\n\r\n";

    @Inject
    EmbeddedServer server;

    @Test
    void aConnectionTricklingHeaderLinesIsClosedWithinTheBound() {
        Http http = new Http(server.getURL());
        assertTimeoutPreemptively(BOUND.multipliedBy(4), () -> {
            try (Http.RawConnection connection = http.connect()) {
                long start = System.nanoTime();
                connection.send("GET /api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST + " HTTP/1.1\r\n");
                int lines = 0;
                // One short header line every 500 ms: every byte would restart an idle timeout.
                while (!connection.closesWithin(Duration.ofMillis(500))) {
                    try {
                        connection.send("X-Trickle-" + lines++ + ": a\r\n");
                    } catch (IOException closedMeanwhile) {
                        break;
                    }
                }
                Duration open = Duration.ofNanos(System.nanoTime() - start);

                assertThat(lines).as("header lines sent before the close").isGreaterThanOrEqualTo(3);
                assertThat(open).isBetween(BOUND.minusMillis(250), BOUND.plusSeconds(2));
            }
        });
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithinTheBound() throws Exception {
        try (Http.RawConnection connection = new Http(server.getURL()).connect()) {
            long start = System.nanoTime();

            assertThat(connection.closesWithin(BOUND.plusSeconds(2))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(BOUND.minusMillis(250));
        }
    }

    @Test
    void aKeptAliveConnectionServesRequestsSpreadOverLongerThanTheBound() throws Exception {
        try (Http.RawConnection connection = new Http(server.getURL()).connect()) {
            connection.send(STATUS_REQUEST);
            assertThat(connection.answer().status()).isEqualTo(200);

            // Idle between requests for longer than the bound: that is the idle timeout's business.
            assertThat(connection.closesWithin(BOUND.plusSeconds(1))).isFalse();

            connection.send(STATUS_REQUEST);
            assertThat(connection.answer().status()).isEqualTo(200);
        }
        assertThat(new Http(server.getURL())
                        .get("/api/v1/key-requests/" + FakeUseCases.KNOWN_REQUEST)
                        .statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"10 seconds", "10s", "PT0S", "-PT10S", ""})
    void aMalformedSettingStopsTheStartNamingIt(String setting) {
        assertThatThrownBy(() -> new HttpPipelineCustomizer(setting, "PT30S", new HttpServerConfiguration()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("LATCHKEY_HEADER_READ_TIMEOUT must be a positive ISO-8601 duration such as PT10S, not '"
                        + setting + "'");
    }
}
