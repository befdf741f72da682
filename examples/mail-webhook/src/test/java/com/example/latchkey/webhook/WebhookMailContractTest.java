package com.example.latchkey.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.IntegrationName;
import com.latchkey.domain.KeyHint;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.tck.mail.SendKeyMailContract;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook adapter passes Latchkey's mail contract, key mails, owner notices and owner-link mails, chosen by its
 * name as the service would choose it.
 */
class WebhookMailContractTest extends SendKeyMailContract {

    private static final Pattern TO = Pattern.compile("\"to\":\"([^\"]*)\"");
    private static final String SECRET = "a-webhook-secret-of-at-least-32-chars";
    private static final List<ReceivedMail> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer RECEIVER = receiver();
    private static final ApplicationContext WORKING =
            webhookTo("http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/mail");
    private static final ApplicationContext DOWN = webhookTo("http://127.0.0.1:" + closedPort() + "/mail");

    @AfterAll
    static void stop() {
        WORKING.close();
        DOWN.close();
        RECEIVER.stop(0);
    }

    @Override
    protected SendKeyMailPort transport() {
        return WORKING.getBean(SendKeyMailPort.class);
    }

    @Override
    protected List<ReceivedMail> received() {
        return List.copyOf(RECEIVED);
    }

    @Override
    protected SendKeyMailPort transportToADestinationThatIsDown() {
        return DOWN.getBean(SendKeyMailPort.class);
    }

    @Override
    protected SendOwnerNoticePort notices() {
        return WORKING.getBean(SendOwnerNoticePort.class);
    }

    @Override
    protected SendOwnerNoticePort noticesToADestinationThatIsDown() {
        return DOWN.getBean(SendOwnerNoticePort.class);
    }

    @Override
    protected SendErasureNoticePort erasureNotices() {
        return WORKING.getBean(SendErasureNoticePort.class);
    }

    @Override
    protected SendErasureNoticePort erasureNoticesToADestinationThatIsDown() {
        return DOWN.getBean(SendErasureNoticePort.class);
    }

    @Override
    protected SendOwnerLinkPort links() {
        return WORKING.getBean(SendOwnerLinkPort.class);
    }

    @Override
    protected SendOwnerLinkPort linksToADestinationThatIsDown() {
        return DOWN.getBean(SendOwnerLinkPort.class);
    }

    @Test
    void anOwnerNoticeIsPostedAsFactsWithFoundAtOnlyWhenItIsAWebAddress() {
        OwnerNotice byOperator = new OwnerNotice(
                EmailAddress.of("jane@shop.example"),
                new KeyHint("eck_Ab3x"),
                Instant.parse("2026-11-28T10:15:00Z"),
                OwnerNotice.Reason.REVOKED_BY_OPERATOR,
                Optional.empty());
        OwnerNotice leaked = new OwnerNotice(
                EmailAddress.of("jane@shop.example"),
                new KeyHint("eck_Ab3x"),
                Instant.parse("2026-11-28T10:15:00Z"),
                OwnerNotice.Reason.REPORTED_LEAKED,
                Optional.of(URI.create("https://github.com/acme/shop/blob/main/.env?plain=1&x=y")));
        OwnerNotice leakedToAUserPart = new OwnerNotice(
                EmailAddress.of("jane@shop.example"),
                new KeyHint("eck_Ab3x"),
                Instant.parse("2026-11-28T10:15:00Z"),
                OwnerNotice.Reason.REPORTED_LEAKED,
                Optional.of(URI.create("https://shop.example@evil.example/login")));

        assertThat(WebhookKeyMailAdapter.json(byOperator))
                .isEqualTo("{\"type\":\"owner-notice\",\"to\":\"jane@shop.example\",\"keyHint\":\"eck_Ab3x\","
                        + "\"revokedAt\":\"2026-11-28T10:15:00Z\",\"reason\":\"revoked-by-operator\"}");
        assertThat(WebhookKeyMailAdapter.json(leaked))
                .isEqualTo("{\"type\":\"owner-notice\",\"to\":\"jane@shop.example\",\"keyHint\":\"eck_Ab3x\","
                        + "\"revokedAt\":\"2026-11-28T10:15:00Z\",\"reason\":\"reported-leaked\","
                        + "\"foundAt\":\"https://github.com/acme/shop/blob/main/.env?plain=1\\u0026x=y\"}");
        assertThat(WebhookKeyMailAdapter.json(leakedToAUserPart))
                .as("an address that reads as another's is not passed on")
                .doesNotContain("foundAt")
                .doesNotContain("evil");
    }

    @Test
    void anOwnerLinkIsPostedAsFactsWithTheTokenOnlyInTheLinksFragment() {
        PlainApiKey token = ApiKeyFormat.withPrefix("ecl_").mint(new SecureRandom()::nextInt);
        OwnerLinkMail consent = new OwnerLinkMail(
                EmailAddress.of("jane@shop.example"),
                LinkPurpose.CONSENT,
                token,
                Instant.parse("2026-12-01T10:15:00Z"),
                Optional.of(new IntegrationName("Acme <CRM>")),
                List.of(
                        new OwnerLinkMail.AskedScope("orders:read", "see your orders"),
                        new OwnerLinkMail.AskedScope("owner:read", "see your name and \"business\" email")));
        OwnerLinkMail erase = new OwnerLinkMail(
                EmailAddress.of("jane@shop.example"),
                LinkPurpose.ERASE,
                token,
                Instant.parse("2026-12-01T10:15:00Z"),
                Optional.empty(),
                List.of());

        assertThat(WebhookKeyMailAdapter.json(consent, "https://keys.shop.example"))
                .isEqualTo("{\"type\":\"owner-link\",\"to\":\"jane@shop.example\",\"purpose\":\"CONSENT\","
                        + "\"link\":\"https://keys.shop.example/consent#" + token.reveal() + "\","
                        + "\"expiresAt\":\"2026-12-01T10:15:00Z\",\"integration\":\"Acme \\u003cCRM\\u003e\","
                        + "\"scopes\":[{\"scope\":\"orders:read\",\"words\":\"see your orders\"},"
                        + "{\"scope\":\"owner:read\",\"words\":\"see your name and \\\"business\\\" email\"}]}");
        assertThat(WebhookKeyMailAdapter.json(erase, "https://keys.shop.example"))
                .isEqualTo("{\"type\":\"owner-link\",\"to\":\"jane@shop.example\",\"purpose\":\"ERASE\","
                        + "\"link\":\"https://keys.shop.example/privacy/erase#" + token.reveal() + "\","
                        + "\"expiresAt\":\"2026-12-01T10:15:00Z\"}");
    }

    @Test
    void anOwnerLinkLeadsToThePublicUrlWrittenWithOrWithoutATrailingSlash() {
        String address = "slash." + Integer.toUnsignedString(new SecureRandom().nextInt(), 36) + "@shop.example";
        OwnerLinkMail manage = new OwnerLinkMail(
                EmailAddress.of(address),
                LinkPurpose.MANAGE_CONSENTS,
                ApiKeyFormat.withPrefix("ecl_").mint(new SecureRandom()::nextInt),
                Instant.parse("2026-12-01T10:15:00Z"),
                Optional.empty(),
                List.of());
        try (ApplicationContext context = webhookTo(
                "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/mail",
                Map.of("latchkey.public-url", "https://keys.shop.example/"))) {
            context.getBean(SendOwnerLinkPort.class).send(manage);
        }

        assertThat(RECEIVED)
                .filteredOn(mail -> mail.to().equals(address))
                .singleElement()
                .satisfies(mail -> assertThat(mail.content())
                        .contains("\"link\":\"https://keys.shop.example/consents#"
                                + manage.token().reveal() + "\""));
    }

    @Test
    void anOwnerLinkTheEndpointRefusesThrowsWithItsStatusAndNoToken() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        refusing.start();
        try (ApplicationContext context =
                webhookTo("http://127.0.0.1:" + refusing.getAddress().getPort() + "/mail")) {
            OwnerLinkMail mail = new OwnerLinkMail(
                    EmailAddress.of("jane@shop.example"),
                    LinkPurpose.MANAGE_CONSENTS,
                    ApiKeyFormat.withPrefix("ecl_").mint(new SecureRandom()::nextInt),
                    Instant.now().plusSeconds(1800),
                    Optional.empty(),
                    List.of());

            assertThatThrownBy(() -> context.getBean(SendOwnerLinkPort.class).send(mail))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("owner link (MANAGE_CONSENTS) to j***@shop.example not sent: HTTP 503");
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void anOwnerNoticeTheEndpointRefusesThrowsWithItsStatus() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        refusing.start();
        try (ApplicationContext context =
                webhookTo("http://127.0.0.1:" + refusing.getAddress().getPort() + "/mail")) {
            OwnerNotice notice = new OwnerNotice(
                    EmailAddress.of("jane@shop.example"),
                    new KeyHint("eck_Ab3x"),
                    Instant.now(),
                    OwnerNotice.Reason.REVOKED_BY_OPERATOR,
                    Optional.empty());

            assertThatThrownBy(() -> context.getBean(SendOwnerNoticePort.class).send(notice))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("owner notice to j***@shop.example not sent: HTTP 503");
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void anEndpointThatRefusesTheMailFailsItWithItsStatus() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        refusing.start();
        try (ApplicationContext context =
                webhookTo("http://127.0.0.1:" + refusing.getAddress().getPort() + "/mail")) {
            KeyMail mail = new KeyMail(
                    EmailAddress.of("jane@shop.example"),
                    ApiKeyFormat.withPrefix("eck_").mint(new SecureRandom()::nextInt),
                    Instant.now().plus(Duration.ofHours(24)));

            assertThat(context.getBean(SendKeyMailPort.class)
                            .send(List.of(mail), Instant.now().plusSeconds(60)))
                    .containsExactly(new KeyMailOutcome.NotSent("HTTP 503"));
        } finally {
            refusing.stop(0);
        }
    }

    @Test
    void aWebhookOutsideThisMachineMustBeHttpsAndTheUrlAndSecretMustBeSet() {
        assertThatThrownBy(() -> webhookTo("http://hooks.example/mail").close())
                .hasStackTraceContaining("LATCHKEY_WEBHOOK_URL must be https (http only to this machine)");
        assertThatThrownBy(() -> webhookTo("http://cafe:8080/mail").close())
                .as("a name made of hex letters is a name, not an address")
                .hasStackTraceContaining("LATCHKEY_WEBHOOK_URL must be https (http only to this machine)");
        assertThatThrownBy(() -> webhookTo("http://loopback.example.com/mail").close())
                .as("a name is not trusted to stay on this machine")
                .hasStackTraceContaining("LATCHKEY_WEBHOOK_URL must be https (http only to this machine)");
        assertThatThrownBy(() -> ApplicationContext.run(Map.of(
                                "latchkey.adapters.mail", "webhook",
                                "latchkey.webhook.url", "https://hooks.example/mail",
                                "latchkey.webhook.secret", "short"))
                        .close())
                .hasStackTraceContaining("LATCHKEY_WEBHOOK_SECRET must be set, 32 characters at least");
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("latchkey.adapters.mail", "webhook"))
                        .close())
                .hasStackTraceContaining("LATCHKEY_WEBHOOK_URL must be set when LATCHKEY_ADAPTERS_MAIL=webhook");
    }

    @Test
    void theAdapterIsAbsentUnlessChosen() {
        try (ApplicationContext other = ApplicationContext.run(Map.of("latchkey.adapters.mail", "smtp"))) {
            assertThat(other.getBeansOfType(SendKeyMailPort.class)).isEmpty();
            assertThat(other.getBeansOfType(SendOwnerNoticePort.class)).isEmpty();
            assertThat(other.getBeansOfType(SendOwnerLinkPort.class)).isEmpty();
        }
        assertThat(List.of(WORKING.getBean(SendOwnerNoticePort.class), WORKING.getBean(SendOwnerLinkPort.class)))
                .as("chosen, one adapter sends every kind of mail")
                .allSatisfy(port -> assertThat(port).isSameAs(WORKING.getBean(SendKeyMailPort.class)));
    }

    @Test
    void anEndpointThatTricklesItsAnswerFailsTheMailWithinTheTimeout() throws Exception {
        HttpServer trickling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trickling.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write('.');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (InterruptedException | IOException stopped) {
                // the client gave up
            }
            exchange.close();
        });
        trickling.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        trickling.start();
        try (ApplicationContext context =
                webhookTo("http://127.0.0.1:" + trickling.getAddress().getPort() + "/mail")) {
            KeyMail mail = new KeyMail(
                    EmailAddress.of("jane@shop.example"),
                    ApiKeyFormat.withPrefix("eck_").mint(new SecureRandom()::nextInt),
                    Instant.now().plus(Duration.ofHours(24)));
            Instant began = Instant.now();

            List<KeyMailOutcome> outcomes = context.getBean(SendKeyMailPort.class)
                    .send(List.of(mail), Instant.now().plusSeconds(60));

            assertThat(outcomes).containsExactly(new KeyMailOutcome.NotSent("TimeoutException"));
            assertThat(Duration.between(began, Instant.now())).isLessThan(Duration.ofSeconds(5));
        } finally {
            trickling.stop(0);
        }
    }

    @Test
    void everyStringIsValidJsonWhateverItHolds() {
        assertThat(WebhookKeyMailAdapter.quoted("a\"b\\c\nd\u0001<e>"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u003ce\\u003e\"");
    }

    private static ApplicationContext webhookTo(String url) {
        return webhookTo(url, Map.of());
    }

    private static ApplicationContext webhookTo(String url, Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.adapters.mail",
                "webhook",
                "latchkey.webhook.url",
                url,
                "latchkey.webhook.secret",
                SECRET,
                "latchkey.webhook.timeout",
                "2s"));
        settings.putAll(more);
        return ApplicationContext.run(settings);
    }

    /** What a receiver does first: the signature is the HMAC of "t.body" under the shared secret, t recent. */
    private static boolean signedWithTheSecret(String header, String body) {
        Matcher parts = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(header == null ? "" : header);
        if (!parts.matches() || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(parts.group(1))) > 300) {
            return false;
        }
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((parts.group(1) + "." + body).getBytes(StandardCharsets.UTF_8));
            return java.security.MessageDigest.isEqual(
                    expected, java.util.HexFormat.of().parseHex(parts.group(2)));
        } catch (java.security.GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/mail", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher to = TO.matcher(body);
                if (!signedWithTheSecret(exchange.getRequestHeaders().getFirst("Latchkey-Signature"), body)) {
                    exchange.sendResponseHeaders(401, -1);
                } else if ("POST".equals(exchange.getRequestMethod()) && to.find()) {
                    // The "to" member is the envelope, as an SMTP recipient is: what the reader sees is the rest.
                    RECEIVED.add(new ReceivedMail(to.group(1), to.replaceFirst("")));
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    exchange.sendResponseHeaders(400, -1);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException unavailable) {
            throw new IllegalStateException(unavailable);
        }
    }

    private static int closedPort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
