package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

/**
 * A whole request, head and body to its last byte, must arrive within LATCHKEY_REQUEST_READ_TIMEOUT:
 * a full head followed by a trickled body is closed, although the head arrived in time.
 */
@MicronautTest
@Property(name = "latchkey.request-read-timeout", value = "PT2S")
class RequestReadDeadlineTest {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String BODY = "{\"name\":\"Jane\",\"email\":\"jane@shop.example\"}";

    @Inject
    EmbeddedServer server;

    private static String head(int contentLength, String extraField) {
        return "POST /api/v1/key-requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + extraField + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    /** Sends one body byte every 300 ms until the server closes; returns how long the connection stayed open. */
    private static Duration trickleBodyUntilClosed(Http.RawConnection connection, long start) throws IOException {
        int bytes = 0;
        // Every byte would restart an idle timeout, and the head is complete: only a bound on the
        // whole request closes this.
        while (!connection.closesWithin(Duration.ofMillis(300))) {
            try {
                connection.send("x");
                bytes++;
            } catch (IOException closedMeanwhile) {
                break;
            }
        }
        assertThat(bytes).as("body bytes sent before the close").isGreaterThanOrEqualTo(3);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aConnectionTricklingItsBodyIsClosedWithinTheBound() {
        Http http = new Http(server.getURL());
        assertTimeoutPreemptively(BOUND.multipliedBy(4), () -> {
            try (Http.RawConnection connection = http.connect()) {
                long start = System.nanoTime();
                connection.send(head(100, ""));

                Duration open = trickleBodyUntilClosed(connection, start);

                assertThat(open).isBetween(BOUND.minusMillis(250), BOUND.plusSeconds(2));
            }
        });
    }

    @Test
    void aBodyCutOffByTheBoundIsNoErrorOfTheService() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger cutOff = context.getLogger(CutOffBodyHandler.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.setContext(context);
        logs.start();
        root.addAppender(logs);
        Level level = cutOff.getLevel();
        cutOff.setLevel(Level.DEBUG);
        try (Http.RawConnection connection = new Http(server.getURL()).connect()) {
            connection.send(head(100, "") + "{");

            assertThat(connection.closesWithin(BOUND.plusSeconds(2))).isTrue();
            // the body's end never came: however the service handles that, it says so in the log
            await().atMost(Duration.ofSeconds(5)).until(() -> !logs.list.isEmpty());
            assertThat(logs.list)
                    .as("an operator's ERROR lines are for the service's own faults")
                    .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
        } finally {
            cutOff.setLevel(level);
            root.detachAppender(logs);
            logs.stop();
        }
    }

    @Test
    void aConnectionTricklingTheBodyItPromisedAfterContinueIsClosedWithinTheBound() {
        Http http = new Http(server.getURL());
        assertTimeoutPreemptively(BOUND.multipliedBy(4), () -> {
            try (Http.RawConnection connection = http.connect()) {
                long start = System.nanoTime();
                connection.send(head(100, "Expect: 100-continue\r\n"));
                assertThat(connection.answer().status()).isEqualTo(100);

                Duration open = trickleBodyUntilClosed(connection, start);

                assertThat(open).isBetween(BOUND.minusMillis(250), BOUND.plusSeconds(2));
            }
        });
    }

    @Test
    void aRequestWithABodyIsServedAndItsConnectionKeptAliveBeyondTheBound() throws Exception {
        try (Http.RawConnection connection = new Http(server.getURL()).connect()) {
            // head and body in separate pieces, well within the bound
            connection.send(head(BODY.length(), ""));
            assertThat(connection.closesWithin(Duration.ofMillis(500))).isFalse();
            connection.send(BODY);
            assertThat(connection.answer().status()).isEqualTo(202);

            // Idle between requests for longer than the bound: that is the idle timeout's business.
            assertThat(connection.closesWithin(BOUND.plusSeconds(1))).isFalse();

            connection.send(head(BODY.length(), "") + BODY);
            assertThat(connection.answer().status()).isEqualTo(202);
        }
    }

    @Test
    void aContinuedRequestWhoseBodyFollowsInTimeIsServed() throws Exception {
        try (Http.RawConnection connection = new Http(server.getURL()).connect()) {
            connection.send(head(BODY.length(), "Expect: 100-continue\r\n"));
            assertThat(connection.answer().status()).isEqualTo(100);
            connection.send(BODY);
            assertThat(connection.answer().status()).isEqualTo(202);
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"30 seconds", "30s", "PT0S", "-PT30S", ""})
    void aMalformedSettingStopsTheStartNamingIt(String setting) {
        assertThatThrownBy(() -> new HttpPipelineCustomizer("PT10S", setting, new HttpServerConfiguration()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("LATCHKEY_REQUEST_READ_TIMEOUT must be a positive ISO-8601 duration such as PT30S, not '"
                        + setting + "'");
    }
}
