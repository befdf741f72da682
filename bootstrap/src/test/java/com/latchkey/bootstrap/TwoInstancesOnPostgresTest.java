package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two instances sharing one PostgreSQL database and one SMTP server, as behind a load balancer:
 * every request is delivered exactly once, both instances deliver, and a key mailed by either
 * verifies on both.
 */
class TwoInstancesOnPostgresTest {

    private static final int REQUESTS = 200;

    @Test
    void manyRequestsOverTwoInstancesAreEachMailedOnceAndVerifyAnywhere() throws Exception {
        GreenMail smtpServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtpServer.start();
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase("two_instances"));
        shared.put("latchkey.key.pepper", "a-shared-pepper-for-both-instances-0123456789");
        shared.put("latchkey.mail.transport", "smtp");
        shared.put("latchkey.smtp.host", "127.0.0.1");
        shared.put("latchkey.smtp.port", smtpServer.getSmtp().getPort());
        shared.put("latchkey.smtp.tls", "none");
        shared.put("test.transport-probe", "true");
        // 200 requests from one test client would trip the per-client limit; limits have their own tests.
        shared.put("latchkey.limits.enabled", "false");
        try (EmbeddedServer first = Instances.start(withDataDir(shared));
                EmbeddedServer second = Instances.start(withDataDir(shared))) {
            List<LatchkeyApi> apis = List.of(new LatchkeyApi(first.getURL()), new LatchkeyApi(second.getURL()));

            for (int i = 0; i < REQUESTS; i++) {
                assertThat(apis.get(i % 2)
                                .requestKey("Owner " + i, "owner" + i + "@shop.example")
                                .statusCode())
                        .isEqualTo(202);
            }

            assertThat(smtpServer.waitForIncomingEmail(60_000, REQUESTS)).isTrue();
            Thread.sleep(500);
            MimeMessage[] mails = smtpServer.getReceivedMessages();
            assertThat(mails).hasSize(REQUESTS);
            Set<String> recipients = new HashSet<>();
            for (MimeMessage mail : mails) {
                recipients.add(((InternetAddress) mail.getAllRecipients()[0]).getAddress());
            }
            assertThat(recipients).as("each owner mailed exactly once").hasSize(REQUESTS);

            int byFirst = probe(first).handedOver.get();
            int bySecond = probe(second).handedOver.get();
            assertThat(byFirst + bySecond).isEqualTo(REQUESTS);
            assertThat(byFirst).as("mails sent by the first instance").isPositive();
            assertThat(bySecond).as("mails sent by the second instance").isPositive();

            for (int i = 0; i < mails.length; i++) {
                String owner = ((InternetAddress) mails[i].getAllRecipients()[0]).getAddress();
                String key = LatchkeyApi.keyIn(GreenMailUtil.getBody(mails[i]));
                int status = awaitVerified(apis.get(i % 2), owner, key);
                assertThat(status).as("key of %s", owner).isEqualTo(200);
                assertThat(apis.get((i + 1) % 2).verify(owner, key).statusCode())
                        .isEqualTo(200);
            }
        } finally {
            smtpServer.stop();
        }
    }

    private static Map<String, Object> withDataDir(Map<String, Object> shared) throws Exception {
        Map<String, Object> settings = new HashMap<>(shared);
        settings.put(
                "latchkey.data-dir",
                Files.createTempDirectory("latchkey-instance").toString());
        return settings;
    }

    private static TransportProbe probe(EmbeddedServer server) {
        return server.getApplicationContext().getBean(TransportProbe.class);
    }

    /** The mail may arrive a moment before the delivering instance commits; retry briefly. */
    private static int awaitVerified(LatchkeyApi api, String owner, String key) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status = api.verify(owner, key).statusCode();
        while (status != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = api.verify(owner, key).statusCode();
        }
        return status;
    }
}
