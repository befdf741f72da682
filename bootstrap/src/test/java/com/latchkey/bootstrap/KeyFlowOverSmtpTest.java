package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole key flow over real HTTP, with a real SMTP server receiving the mail: request, mail
 * arrives, the key parsed from the mail verifies; mismatches are refused alike; and nothing of the
 * key or the full email reaches a log line or the database.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyFlowOverSmtpTest implements TestPropertyProvider {

    private final GreenMail smtpServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    @Inject
    EmbeddedServer server;

    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        smtpServer.start();
        try {
            return Map.of(
                    "micronaut.server.port", "-1",
                    "latchkey.mail.transport", "smtp",
                    "latchkey.smtp.host", "127.0.0.1",
                    "latchkey.smtp.port", Integer.toString(smtpServer.getSmtp().getPort()),
                    "latchkey.smtp.tls", "none",
                    "latchkey.data-dir",
                            Files.createTempDirectory("latchkey-e2e").toString(),
                    "latchkey.delivery.poll-interval", "100ms",
                    "datasources.default.url", "jdbc:h2:mem:e2e-smtp;DB_CLOSE_DELAY=-1");
        } catch (java.io.IOException noTempDir) {
            throw new IllegalStateException(noTempDir);
        }
    }

    @AfterAll
    void stopSmtpServer() {
        smtpServer.stop();
    }

    @Test
    void requestedKeyArrivesByMailAndVerifies() throws Exception {
        LatchkeyApi api = new LatchkeyApi(server.getURL());
        String email = "store.owner@Shop.Example";
        String stored = "store.owner@shop.example";
        List<String> logLines;
        String key;
        try (CapturedLogs logs = new CapturedLogs()) {
            HttpResponse<String> accepted = api.requestKey("Store Owner", email);
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.body()).doesNotContain("eck_");
            String requestId = LatchkeyApi.requestIdOf(accepted);

            MimeMessage mail = awaitMailTo(stored);
            key = LatchkeyApi.keyIn(GreenMailUtil.getBody(mail));

            // The mail can arrive a moment before the delivery's own commit; the key verifies after it.
            HttpResponse<String> status = api.awaitStatus(requestId, "SENT");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"status\":\"SENT\"").contains("\"attempts\":1");

            HttpResponse<String> verified = api.verify(email, key);
            assertThat(verified.statusCode()).isEqualTo(200);
            assertThat(verified.body()).contains("\"verified\":true").contains("\"status\":\"ACTIVE\"");
            assertThat(verified.body()).doesNotContain(key);
            assertThat(api.verify(stored, key).statusCode())
                    .as("verify is idempotent")
                    .isEqualTo(200);

            HttpResponse<String> wrongKey = api.verify(email, otherValidKey(key));
            HttpResponse<String> unknownEmail = api.verify("nobody@shop.example", key);
            HttpResponse<String> malformed = api.verify(email, "eck_short");
            HttpResponse<String> badChecksum =
                    api.verify(email, key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A"));
            for (HttpResponse<String> refused : List.of(wrongKey, unknownEmail, malformed, badChecksum)) {
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.body()).isEqualTo(wrongKey.body());
            }
            assertThat(wrongKey.body()).contains("\"code\":\"INVALID_CREDENTIALS\"");

            assertThat(api.me(key).statusCode()).isEqualTo(200);
            assertThat(api.me(otherValidKey(key)).statusCode()).isEqualTo(401);
            assertThat(api.revoke(key).statusCode()).isEqualTo(200);
            assertThat(api.me(key).statusCode()).isEqualTo(401);
            // The test's own SMTP server logs its mailboxes by address; it is not part of Latchkey.
            logLines = logs.lines().stream()
                    .filter(line -> !line.startsWith("com.icegreen"))
                    .toList();
        }

        assertThat(logLines)
                .anyMatch(line -> line.contains("REQUESTED"))
                .anyMatch(line -> line.contains("DELIVERED key="))
                .anyMatch(line -> line.contains("VERIFIED key="))
                .anyMatch(line -> line.contains("VERIFY_FAILED"))
                .anyMatch(line -> line.contains("AUTHENTICATION_FAILED"))
                .anyMatch(line -> line.contains("REVOKED key="));
        assertThat(logLines).noneMatch(line -> line.contains(key) || line.contains("store.owner@"));
        assertThat(databaseCells()).isNotEmpty().noneMatch(cell -> cell.contains(key) || cell.contains("store.owner"));
    }

    @Test
    void aStrangersNameCarriesNoneOfItsWordsIntoTheMail() throws Exception {
        LatchkeyApi api = new LatchkeyApi(server.getURL());
        String victim = "victim.owner@shop.example";

        assertThat(api.requestKey(PhishingName.NAME, victim).statusCode()).isEqualTo(202);

        MimeMessage mail = awaitMailTo(victim);
        PhishingName.assertAbsentFrom(mail);
        assertThat(mail.getHeader("To", null)).isEqualTo(victim);
    }

    /** The one mail the SMTP server received for {@code address}; other tests' mails may be there too. */
    private MimeMessage awaitMailTo(String address) {
        return await().atMost(Duration.ofSeconds(15))
                .until(() -> mailsTo(address), mails -> !mails.isEmpty())
                .get(0);
    }

    private List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage mail : smtpServer.getReceivedMessages()) {
            if (((InternetAddress) mail.getAllRecipients()[0]).getAddress().equals(address)) {
                mails.add(mail);
            }
        }
        return mails;
    }

    /** A key of the right shape and checksum that was never issued. */
    private static String otherValidKey(String key) {
        return com.latchkey.domain.ApiKeyFormat.withPrefix("eck_")
                .mint(new java.security.SecureRandom()::nextInt)
                .reveal();
    }

    private List<String> databaseCells() throws Exception {
        List<String> cells = new ArrayList<>();
        try (Connection connection =
                        DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : List.of("key_request", "api_key")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            cells.add(String.valueOf(rows.getObject(column)));
                        }
                    }
                }
            }
        }
        return cells;
    }
}
