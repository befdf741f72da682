package com.latchkey.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailNotSentException;
import com.latchkey.application.port.out.SendKeyMailPort;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP transport against a real SMTP server in this JVM, and against servers that fail. */
class SmtpKeyMailAdapterTest {

    @RegisterExtension
    static GreenMailExtension smtpServer = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @RegisterExtension
    static GreenMailExtension smtpsServer = new GreenMailExtension(ServerSetupTest.SMTPS.dynamicPort());

    /** A plain-text SMTP context: the test servers above offer no STARTTLS. */
    private static ApplicationContext smtpContext(int port, String timeout) {
        return smtpContext(port, timeout, Map.of("latchkey.smtp.tls", "none"));
    }

    private static ApplicationContext smtpContext(int port, String timeout, Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.mail.transport", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.port", port,
                "latchkey.smtp.timeout", timeout,
                "latchkey.brand", "Acme Shops",
                "latchkey.mail.from", "keys@acme.example",
                "latchkey.public-url", "https://keys.acme.example/"));
        settings.putAll(more);
        return ApplicationContext.run(settings);
    }

    @Test
    void deliversAMultipartTextAndHtmlMailHoldingTheKey() throws Exception {
        KeyMail mail = KeyMails.to("jane.doe@shop.example");
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s")) {
            context.getBean(SendKeyMailPort.class).send(mail);
        }

        MimeMessage[] received = smtpServer.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("jane.doe@shop.example"));
        assertThat(message.getHeader("To", null))
                .as("the bare address: a display name would be words the requester chose")
                .isEqualTo("jane.doe@shop.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("keys@acme.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Acme Shops");
        assertThat(message.getSubject()).isEqualTo("Your Acme Shops API key");
        assertThat(message.getContentType()).startsWith("multipart/");

        Map<String, String> parts = KeyMails.parts(message);
        assertThat(parts).containsKeys("text/plain", "text/html");
        assertThat(parts.get("text/plain"))
                .contains(mail.key().reveal())
                .containsPattern("open https://keys\\.acme\\.example/verify\\s")
                .contains("2026-11-28 10:15 UTC")
                .contains("Keep your API key private. Do not share it with anyone.")
                .startsWith("Hello,");
        assertThat(parts.get("text/html"))
                .contains(mail.key().reveal())
                .contains("href=\"https://keys.acme.example/verify\"")
                .contains("Keep your API key private. Do not share it with anyone.")
                .contains("<p>Hello,</p>");
        assertThat(parts.values())
                .as("the address is in the To: header only, not in the link or the text")
                .allSatisfy(part -> assertThat(part).doesNotContain("jane.doe"));
    }

    @Test
    void implicitTlsDeliversToAnSmtpsServer() throws Exception {
        KeyMail mail = KeyMails.to("jane@shop.example");
        try (ApplicationContext context = smtpContext(
                smtpsServer.getSmtps().getPort(),
                "5s",
                Map.of("latchkey.smtp.tls", "implicit", "test.smtp.trust-test-certificate", "true"))) {
            context.getBean(SendKeyMailPort.class).send(mail);
        }

        assertThat(smtpsServer.getReceivedMessages())
                .singleElement()
                .satisfies(message -> assertThat(KeyMails.parts(message).get("text/plain"))
                        .contains(mail.key().reveal()));
    }

    @Test
    void implicitTlsRefusesACertificateThatIsNotTrusted() throws Exception {
        try (ApplicationContext context =
                smtpContext(smtpsServer.getSmtps().getPort(), "5s", Map.of("latchkey.smtp.tls", "implicit"))) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            assertThatThrownBy(() -> transport.send(KeyMails.to("jane@shop.example")))
                    .isInstanceOf(KeyMailNotSentException.class);
        }
        assertThat(smtpsServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void byDefaultAServerWithoutStartTlsGetsNoMailInClear() throws Exception {
        Map<String, Object> noTlsSetting = Map.of();
        try (ApplicationContext context = smtpContext(smtpServer.getSmtp().getPort(), "5s", noTlsSetting)) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            assertThatThrownBy(() -> transport.send(KeyMails.to("jane@shop.example")))
                    .isInstanceOf(KeyMailNotSentException.class)
                    .hasMessageNotContaining("jane");
        }
        assertThat(smtpServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void unknownTlsModeStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> smtpContext(smtpServer.getSmtp().getPort(), "5s", Map.of("latchkey.smtp.tls", "ssl"))
                        .close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("LATCHKEY_SMTP_TLS must be starttls, implicit or none, not 'ssl'");
    }

    @Test
    void serverThatIsDownFailsTheAttemptWithoutRevealingTheRecipient() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (ApplicationContext context = smtpContext(closedPort, "2s")) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            assertThatThrownBy(() -> transport.send(KeyMails.to("jane@shop.example")))
                    .isInstanceOf(KeyMailNotSentException.class)
                    .hasMessageNotContaining("jane")
                    .hasNoCause()
                    .satisfies(e ->
                            assertThat(((KeyMailNotSentException) e).reason()).contains("ConnectException"));
        }
    }

    @Test
    void serverThatNeverAnswersFailsWithinTheTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            try (ApplicationContext context = smtpContext(silent.getLocalPort(), "1s")) {
                SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);
                long started = System.nanoTime();

                assertThatThrownBy(() -> transport.send(KeyMails.to("jane@shop.example")))
                        .isInstanceOf(KeyMailNotSentException.class);

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
