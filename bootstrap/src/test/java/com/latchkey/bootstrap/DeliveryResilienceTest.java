package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery when the mail server is down, silent, or the instance dies mid-delivery. */
class DeliveryResilienceTest {

    private static final Pattern ATTEMPTS = Pattern.compile("\"attempts\":(\\d+)");

    @TempDir
    Path dataDir;

    private Map<String, Object> smtpAt(int port, String timeout) {
        return Map.of(
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.mail.transport", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.port", port,
                "latchkey.smtp.timeout", timeout,
                "latchkey.smtp.tls", "none",
                "latchkey.delivery.initial-backoff", "PT0.2S",
                "latchkey.delivery.max-backoff", "PT0.4S",
                "latchkey.delivery.max-attempts", "1000");
    }

    @Test
    void smtpDownWhenRequestedThenUpDeliversAKeyThatVerifies() throws Exception {
        int smtpPort = Instances.freePort();
        try (EmbeddedServer server = Instances.start(smtpAt(smtpPort, "2s"))) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());

            HttpResponse<String> accepted = api.requestKey("Owner", "owner@shop.example");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String requestId = LatchkeyApi.requestIdOf(accepted);
            HttpResponse<String> waiting = awaitAttempts(api, requestId, 2);
            assertThat(waiting.body()).contains("\"status\":\"PENDING\"");

            GreenMail smtpServer = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtpServer.start();
            try {
                assertThat(smtpServer.waitForIncomingEmail(15_000, 1)).isTrue();
                String key = LatchkeyApi.keyIn(GreenMailUtil.getBody(smtpServer.getReceivedMessages()[0]));
                HttpResponse<String> sent = api.awaitStatus(requestId, "SENT");
                assertThat(sent.body()).contains("\"status\":\"SENT\"");
                assertThat(attempts(sent)).isGreaterThanOrEqualTo(3);
                assertThat(api.verify("owner@shop.example", key).statusCode()).isEqualTo(200);
                assertThat(smtpServer.getReceivedMessages()).hasSize(1);
            } finally {
                smtpServer.stop();
            }
        }
    }

    @Test
    void smtpServerThatNeverAnswersTimesOutAndTheDispatcherGoesOn() throws Exception {
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

            try (EmbeddedServer server = Instances.start(smtpAt(silent.getLocalPort(), "1s"))) {
                LatchkeyApi api = new LatchkeyApi(server.getURL());
                long started = System.nanoTime();
                String first = LatchkeyApi.requestIdOf(api.requestKey("First", "first@shop.example"));
                String second = LatchkeyApi.requestIdOf(api.requestKey("Second", "second@shop.example"));

                assertThat(attempts(awaitAttempts(api, first, 1))).isGreaterThanOrEqualTo(1);
                assertThat(attempts(awaitAttempts(api, second, 1))).isGreaterThanOrEqualTo(1);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
                assertThat(api.status(first).body()).contains("\"status\":\"PENDING\"");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void crashBetweenMintingAndSendingStillDeliversAndOnlyTheMailedKeyVerifies() throws Exception {
        String requestId;
        List<String> lostKeys;
        Map<String, Object> crashing = new java.util.HashMap<>(Map.of(
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.delivery.lease", "PT1S",
                "test.transport-probe", "true",
                "test.crash-before-send", "true"));
        try (EmbeddedServer server = Instances.start(crashing)) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            requestId = LatchkeyApi.requestIdOf(api.requestKey("Owner", "owner@shop.example"));
            TransportProbe probe = server.getApplicationContext().getBean(TransportProbe.class);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (probe.keysLostInCrash.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            lostKeys = List.copyOf(probe.keysLostInCrash);
        }
        assertThat(lostKeys).isNotEmpty();

        int smtpPort = Instances.freePort();
        GreenMail smtpServer = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtpServer.start();
        try (EmbeddedServer restarted = Instances.start(smtpAt(smtpPort, "2s"))) {
            LatchkeyApi api = new LatchkeyApi(restarted.getURL());

            assertThat(smtpServer.waitForIncomingEmail(15_000, 1)).isTrue();
            String mailedKey =
                    LatchkeyApi.keyIn(GreenMailUtil.getBody(smtpServer.getReceivedMessages()[0]));
            assertThat(api.awaitStatus(requestId, "SENT").body()).contains("\"status\":\"SENT\"");

            assertThat(lostKeys).doesNotContain(mailedKey);
            assertThat(api.verify("owner@shop.example", mailedKey).statusCode()).isEqualTo(200);
            for (String lost : lostKeys) {
                assertThat(api.verify("owner@shop.example", lost).statusCode()).isEqualTo(401);
            }
        } finally {
            smtpServer.stop();
        }
    }

    private static HttpResponse<String> awaitAttempts(LatchkeyApi api, String requestId, int atLeast) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        HttpResponse<String> reply = api.status(requestId);
        while (attempts(reply) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
            reply = api.status(requestId);
        }
        return reply;
    }

    private static int attempts(HttpResponse<String> status) {
        Matcher matcher = ATTEMPTS.matcher(status.body());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}
