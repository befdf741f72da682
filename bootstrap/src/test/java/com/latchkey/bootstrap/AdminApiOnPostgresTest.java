package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' plane on two instances sharing one PostgreSQL and one SMTP server: a key revoked
 * by an operator or a leak report on one instance stops working on the other, the owner is mailed
 * over SMTP, and last uses and the trail are shared.
 */
class AdminApiOnPostgresTest {

    private static final String TOKEN = "a-postgres-admin-token-0123456789abcdef";
    private static final Pattern KEY_ID = Pattern.compile("\"keyId\":\"([0-9a-f-]{36})\"");

    private final LeakReporter reporter = new LeakReporter();
    private GreenMail smtpServer;
    private EmbeddedServer first;
    private EmbeddedServer second;

    @BeforeEach
    void start() throws Exception {
        smtpServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtpServer.start();
        Path keys = reporter.publishKeys(Files.createTempDirectory("reporter"));
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase("operators"));
        shared.put("latchkey.key.pepper", "a-shared-pepper-for-both-instances-0123456789");
        shared.put("latchkey.mail.transport", "smtp");
        shared.put("latchkey.smtp.host", "127.0.0.1");
        shared.put("latchkey.smtp.port", smtpServer.getSmtp().getPort());
        shared.put("latchkey.smtp.tls", "none");
        shared.put("latchkey.admin.token", TOKEN);
        shared.put("latchkey.key-use-flush-interval", "200ms");
        shared.put("latchkey.leak-reporter-keys", keys.toString());
        first = Instances.start(withDataDir(shared));
        second = Instances.start(withDataDir(shared));
    }

    @AfterEach
    void stop() {
        second.close();
        first.close();
        smtpServer.stop();
    }

    @Test
    void anOperatorsRevocationOnOneInstanceEndsTheKeyOnTheOtherAndTheOwnerIsMailed() throws Exception {
        String email = "pg.owner@shop.example";
        String key = activeKey(email);
        LatchkeyApi elsewhere = new LatchkeyApi(second.getURL());
        assertThat(elsewhere.me(key).statusCode())
                .as("known, and cached, on the other instance")
                .isEqualTo(200);
        AdminClient admin = new AdminClient(first.getURL(), TOKEN);
        String keys = await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.get("/keys?email=" + email).body(), body -> !body.contains("\"lastUsedAt\":null"));
        Matcher keyId = KEY_ID.matcher(keys);
        assertThat(keyId.find()).isTrue();

        assertThat(admin.post("/keys/" + keyId.group(1) + "/revoke", "").body()).contains("\"ownerNotified\":true");

        await().atMost(Duration.ofSeconds(2)).until(() -> elsewhere.me(key).statusCode() == 401);
        MimeMessage notice = await().atMost(Duration.ofSeconds(10)).until(() -> noticeTo(email), mail -> mail != null);
        assertThat(GreenMailUtil.getBody(notice)).doesNotContain(key);
        assertThat(new AdminClient(second.getURL(), TOKEN)
                        .get("/audit?email=" + email)
                        .body())
                .as("the trail is shared")
                .contains("\"type\":\"REVOKED\"", "\"actor\":\"operator\"");
    }

    @Test
    void aLeakReportToOneInstanceEndsTheKeyOnTheOther() throws Exception {
        String email = "pg.leaky@shop.example";
        String key = activeKey(email);
        LatchkeyApi elsewhere = new LatchkeyApi(first.getURL());
        assertThat(elsewhere.me(key).statusCode()).isEqualTo(200);
        String body = "[" + LeakReporter.finding(key, "https://github.com/acme/shop/blob/main/config.yml") + "]";

        assertThat(reporter.send(second.getURL(), body.replace("config", "c0nfig"), reporter.sign(body))
                        .statusCode())
                .isEqualTo(401);
        assertThat(elsewhere.me(key).statusCode())
                .as("a tampered report changed nothing")
                .isEqualTo(200);
        assertThat(reporter.send(second.getURL(), body, reporter.sign(body)).body())
                .contains("true_positive");

        await().atMost(Duration.ofSeconds(2)).until(() -> elsewhere.me(key).statusCode() == 401);
        MimeMessage notice = await().atMost(Duration.ofSeconds(10)).until(() -> noticeTo(email), mail -> mail != null);
        assertThat(GreenMailUtil.getBody(notice)).contains("config.yml");
    }

    @Test
    void anIntegrationRegisteredOnOneInstanceIsListedOnTheOtherAndRemovedForBoth() throws Exception {
        AdminClient here = new AdminClient(first.getURL(), TOKEN);
        AdminClient there = new AdminClient(second.getURL(), TOKEN);

        String registered = here.post(
                        "/integrations", "{\"id\":\"pg-crm\",\"name\":\"PG CRM\",\"scopes\":[\"orders:read\"]}")
                .body();
        assertThat(registered).contains("\"secret\":\"eci_");
        assertThat(there.get("/integrations").body())
                .contains("\"id\":\"pg-crm\"")
                .doesNotContain("\"secret\"");
        assertThat(there.post("/integrations", "{\"id\":\"pg-crm\",\"name\":\"Again\",\"scopes\":[\"orders:read\"]}")
                        .statusCode())
                .isEqualTo(409);

        assertThat(there.delete("/integrations/pg-crm").statusCode()).isEqualTo(204);
        assertThat(here.get("/integrations").body()).doesNotContain("pg-crm");
    }

    private String activeKey(String email) throws Exception {
        LatchkeyApi api = new LatchkeyApi(first.getURL());
        api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey("Owner", email)), "SENT");
        MimeMessage mail = await().atMost(Duration.ofSeconds(10))
                .until(() -> mailsTo(email).stream().findFirst().orElse(null), found -> found != null);
        String key = LatchkeyApi.keyIn(GreenMailUtil.getBody(mail));
        assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
        return key;
    }

    private MimeMessage noticeTo(String email) throws Exception {
        return mailsTo(email).stream()
                .filter(mail -> {
                    try {
                        return mail.getSubject().contains("revoked");
                    } catch (jakarta.mail.MessagingException unreadable) {
                        throw new IllegalStateException(unreadable);
                    }
                })
                .findFirst()
                .orElse(null);
    }

    private List<MimeMessage> mailsTo(String email) throws Exception {
        return Arrays.stream(smtpServer.getReceivedMessages())
                .filter(mail -> {
                    try {
                        return ((InternetAddress) mail.getAllRecipients()[0])
                                .getAddress()
                                .equals(email);
                    } catch (jakarta.mail.MessagingException unreadable) {
                        throw new IllegalStateException(unreadable);
                    }
                })
                .toList();
    }

    private static Map<String, Object> withDataDir(Map<String, Object> shared) throws Exception {
        Map<String, Object> settings = new HashMap<>(shared);
        settings.put(
                "latchkey.data-dir",
                Files.createTempDirectory("latchkey-instance").toString());
        return settings;
    }
}
