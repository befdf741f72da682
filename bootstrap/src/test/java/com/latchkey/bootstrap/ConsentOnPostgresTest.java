package com.latchkey.bootstrap;

import static com.latchkey.bootstrap.ConsentFlowOverHttpTest.json;
import static com.latchkey.bootstrap.ConsentFlowOverHttpTest.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consent on two instances sharing one PostgreSQL and one SMTP server (SPEC §8): asked on one,
 * decided and checked on the other; a withdrawal or a removed integration on one instance takes
 * effect on the other within the cache bound; a store id is one per owner everywhere.
 */
class ConsentOnPostgresTest {

    private static final String TOKEN = "a-postgres-consent-token-0123456789abcdef";

    private GreenMail smtpServer;
    private EmbeddedServer first;
    private EmbeddedServer second;

    @BeforeEach
    void start() throws Exception {
        smtpServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtpServer.start();
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase("consent"));
        shared.put("latchkey.key.pepper", "a-shared-pepper-for-both-instances-0123456789");
        shared.put("latchkey.mail.transport", "smtp");
        shared.put("latchkey.smtp.host", "127.0.0.1");
        shared.put("latchkey.smtp.port", smtpServer.getSmtp().getPort());
        shared.put("latchkey.smtp.tls", "none");
        shared.put("latchkey.admin.token", TOKEN);
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
    void consentGivenThroughOneInstanceIsSeenOnTheOtherAndAWithdrawalThereEndsItHere() throws Exception {
        String email = "pg.consent@shop.example";
        String secret = register(new AdminClient(first.getURL(), TOKEN), "pg-crm", "orders:read", "owner:read");
        String key = activeKey(email);
        ConsentClient here = new ConsentClient(first.getURL());
        ConsentClient there = new ConsentClient(second.getURL());
        assertThat(json(there.access("pg-crm", secret, key).body())).containsEntry("scopes", List.of());

        assertThat(here.requestConsent("pg-crm", secret, key, "orders:read", "owner:read")
                        .statusCode())
                .isEqualTo(202);
        String token = tokenOfNewest(email, "consent", 0);
        assertThat(there.decide(token, "APPROVE").body()).isEqualTo("{\"status\":\"GRANTED\"}");
        assertThat(here.decide(token, "APPROVE").statusCode())
                .as("used on the other instance")
                .isEqualTo(410);
        assertThat(json(here.access("pg-crm", secret, key).body()))
                .containsEntry("scopes", List.of("orders:read", "owner:read"))
                .containsEntry("owner", Map.of("name", "Owner", "email", email));

        assertThat(here.ownerLink(email).statusCode()).isEqualTo(202);
        String manage = tokenOfNewest(email, "consents", 0);
        assertThat(there.withdraw(manage, "pg-crm").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3))
                .until(() -> json(here.access("pg-crm", secret, key).body()).get("scopes"), List.of()::equals);
        assertThat(new LatchkeyApi(first.getURL()).me(key).body())
                .contains("\"storeId\":\""
                        + json(there.access("pg-crm", secret, key).body()).get("storeId") + "\"");
    }

    @Test
    void anIntegrationRemovedOnOneInstanceHoldsNothingOnTheOther() throws Exception {
        String email = "pg.removed@shop.example";
        AdminClient admin = new AdminClient(first.getURL(), TOKEN);
        String secret = register(admin, "pg-gone", "orders:read");
        String key = activeKey(email);
        ConsentClient there = new ConsentClient(second.getURL());
        there.requestConsent("pg-gone", secret, key, "orders:read");
        there.decide(tokenOfNewest(email, "consent", 0), "APPROVE");
        assertThat(json(there.access("pg-gone", secret, key).body())).containsEntry("scopes", List.of("orders:read"));

        assertThat(admin.delete("/integrations/pg-gone").statusCode()).isEqualTo(204);

        assertThat(there.access("pg-gone", secret, key).statusCode()).isEqualTo(401);
        String again = register(new AdminClient(second.getURL(), TOKEN), "pg-gone", "orders:read");
        assertThat(json(there.access("pg-gone", again, key).body())).containsEntry("scopes", List.of());
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

    /** The token of the newest link mail to {@code email} leading to {@code page}, once there are more than {@code before}. */
    private String tokenOfNewest(String email, String page, int before) {
        List<String> bodies = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> mailsTo(email).stream()
                                .map(GreenMailUtil::getBody)
                                .filter(body -> body.contains("/" + page + "#ecl_"))
                                .toList(),
                        found -> found.size() > before);
        return ConsentClient.tokenIn(bodies.getLast(), page);
    }

    private List<MimeMessage> mailsTo(String email) {
        return Arrays.stream(smtpServer.getReceivedMessages())
                .filter(mail -> {
                    try {
                        return ((InternetAddress) mail.getAllRecipients()[0])
                                .getAddress()
                                .equals(email);
                    } catch (MessagingException unreadable) {
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
