package com.latchkey.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** Readiness of the mail transport: probed in the background as a mail would connect, answered from memory. */
class MailTransportHealthIndicatorTest {

    @RegisterExtension
    static GreenMailExtension smtpsServer = new GreenMailExtension(TestMailServers.smtps());

    private static ApplicationContext smtpContext(int port, Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.adapters.mail", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.port", port,
                "latchkey.smtp.timeout", "1s"));
        settings.putAll(more);
        return ApplicationContext.run(settings);
    }

    private static HealthStatus readiness(ApplicationContext context) {
        HealthResult result = Mono.from(
                        context.getBean(MailTransportHealthIndicator.class).getResult())
                .block(Duration.ofSeconds(10));
        assertThat(result.getDetails()).isEqualTo(Map.of("transport", "smtp"));
        return result.getStatus();
    }

    @Test
    void upWhileTheServerTakesASessionAndDownWithinSecondsOfItStopping() {
        GreenMail smtpServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtpServer.start();
        try (ApplicationContext context = smtpContext(
                smtpServer.getSmtp().getPort(),
                Map.of("latchkey.smtp.tls", "none", "latchkey.readiness.interval", "1s"))) {
            assertThat(readiness(context)).isEqualTo(HealthStatus.UP);

            smtpServer.stop();

            await().atMost(Duration.ofSeconds(5)).until(() -> readiness(context) == HealthStatus.DOWN);
        } finally {
            smtpServer.stop();
        }
    }

    @Test
    void readinessCallsOpenNoConnectionOfTheirOwn() throws Exception {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        connections.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            try (ApplicationContext context = smtpContext(
                    silent.getLocalPort(), Map.of("latchkey.smtp.tls", "none", "latchkey.readiness.interval", "10s"))) {
                long started = System.nanoTime();
                for (int call = 0; call < 20; call++) {
                    assertThat(readiness(context)).isEqualTo(HealthStatus.DOWN);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

                assertThat(elapsed).as("20 calls answered from memory").isLessThan(Duration.ofSeconds(10));
                assertThat(connections)
                        .as("the probe at start, and no call's own")
                        .hasSize(1);
            }
        } finally {
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }

    @Test
    void aServerWithoutStartTlsIsNotReadyByDefault() {
        GreenMail plainServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        plainServer.start();
        try (ApplicationContext context = smtpContext(plainServer.getSmtp().getPort(), Map.of())) {
            assertThat(readiness(context))
                    .as("it greets, but would never be sent a mail")
                    .isEqualTo(HealthStatus.DOWN);
        } finally {
            plainServer.stop();
        }
    }

    @Test
    void anSmtpsServerIsReadyWithImplicitTls() {
        try (ApplicationContext context = smtpContext(
                smtpsServer.getSmtps().getPort(),
                Map.of("latchkey.smtp.tls", "implicit", "test.smtp.trust-test-certificate", "true"))) {
            assertThat(readiness(context)).isEqualTo(HealthStatus.UP);
        }
    }

    @Test
    void intervalUnderASecondStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> smtpContext(
                                smtpsServer.getSmtps().getPort(), Map.of("latchkey.readiness.interval", "100ms"))
                        .close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LATCHKEY_READINESS_INTERVAL");
    }
}
