package com.latchkey.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** What one X-Forwarded-For entry may hold, and what an operator hears when it holds something else. */
class ForwardedForTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(ClientAddressResolver.class);
        logs.setContext(context);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logs.stop();
    }

    private static String address(String entry) throws Exception {
        byte[] address = ClientAddressResolver.forwardedAddress(entry);
        return address == null ? null : InetAddress.getByAddress(address).getHostAddress();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "203.0.113.7                | 203.0.113.7",
                "203.0.113.7:51234          | 203.0.113.7",
                "203.0.113.7:0              | 203.0.113.7",
                "203.0.113.7:65535          | 203.0.113.7",
                "2001:db8::1                | 2001:db8:0:0:0:0:0:1",
                "[2001:db8::1]              | 2001:db8:0:0:0:0:0:1",
                "[2001:db8::1]:443          | 2001:db8:0:0:0:0:0:1",
                "[::ffff:198.51.100.7]:8443 | 198.51.100.7"
            })
    void anAddressIsTakenWithOrWithoutItsPort(String entry, String address) throws Exception {
        assertThat(address(entry)).isEqualTo(address);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "unknown",
                "proxy.internal:80", // a name with a port: never looked up
                "203.0.113.7:",
                "203.0.113.7:65536",
                "203.0.113.7:123456",
                "203.0.113.7:-1",
                "203.0.113.7:+80",
                "203.0.113.7:8a",
                "203.0.113:80",
                "[203.0.113.7]:80", // brackets are for IPv6
                "[2001:db8::1]:",
                "[2001:db8::1]443",
                "[2001:db8::1]:443:1",
                "[2001:db8::1",
                "2001:db8::1]:443",
                "[not-an-address]:443",
                "[]:443",
                ":443",
                ""
            })
    void anythingElseIsNoAddress(String entry) throws Exception {
        assertThat(address(entry)).isNull();
    }

    @Test
    void anEntryThatIsNoAddressIsReportedOnceTruncatedAndSanitized() throws Exception {
        ClientAddressResolver resolver = new ClientAddressResolver("10.0.0.0/8");
        InetAddress proxy = InetAddress.getByName("10.0.0.1");
        String garbage = "host\u001b[31m.example\r\nFAKE LOG LINE " + "x".repeat(100);

        assertThat(resolver.of(proxy, List.of("198.51.100.7, " + garbage)).value())
                .isEqualTo("10.0.0.1");
        assertThat(resolver.of(proxy, List.of("other-garbage")).value()).isEqualTo("10.0.0.1");
        assertThat(resolver.of(proxy, List.of("198.51.100.7")).value()).isEqualTo("198.51.100.7");

        assertThat(logs.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .startsWith(
                            "X-Forwarded-For from a trusted proxy held 'host?[31m.example??FAKE LOG LINE xxxxxxx...'")
                    .contains("not an IP address")
                    .doesNotContain("\u001b", "\r", "\n", "x".repeat(30));
        });
    }
}
