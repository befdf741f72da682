package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consent end to end over real HTTP on the embedded H2 with the pickup folder (SPEC §8): an
 * integration registered through the admin API asks, the owner decides from the mailed link, and the
 * integration sees exactly what was granted; owners manage and withdraw; grants survive rotation
 * and end with the integration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentFlowOverHttpTest {

    static final String TOKEN = "a-consent-admin-token-0123456789abcdef";

    @TempDir
    static Path dataDir;

    private EmbeddedServer server;
    private LatchkeyApi api;
    private AdminClient admin;
    private ConsentClient consent;

    @BeforeAll
    void start() {
        server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString(), "latchkey.admin.token", TOKEN));
        api = new LatchkeyApi(server.getURL());
        admin = new AdminClient(server.getURL(), TOKEN);
        consent = new ConsentClient(server.getURL());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** Registers an integration through the admin API; answers its secret. */
    static String register(AdminClient admin, String id, String... scopes) throws Exception {
        StringBuilder list = new StringBuilder();
        for (String scope : scopes) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(scope).append('"');
        }
        HttpResponse<String> registered = admin.post(
                "/integrations", "{\"id\":\"" + id + "\",\"name\":\"" + id + " app\",\"scopes\":[" + list + "]}");
        assertThat(registered.statusCode()).isEqualTo(201);
        return (String) json(registered.body()).get("secret");
    }

    private String activeKey(String email) throws Exception {
        api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey("Jane's Shop", email)), "SENT");
        String key = new PickupFolder(dataDir).newestKeyFor(email);
        assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
        return key;
    }

    /** The mails to {@code email} holding a link to {@code page}, oldest first, decoded as a reader sees them. */
    private static List<String> linkMails(Path dataDir, String email, String page) throws Exception {
        return new PickupFolder(dataDir).linkMailsTo(email, page);
    }

    /** Waits for one more link mail to {@code email} than {@code before}; answers its token. */
    static String nextToken(Path dataDir, String email, String page, int before) {
        String mail = await().atMost(Duration.ofSeconds(10))
                .until(() -> linkMails(dataDir, email, page), mails -> mails.size() > before)
                .getLast();
        return ConsentClient.tokenIn(mail, page);
    }

    private String askAndGetToken(String id, String secret, String key, String email, String... scopes)
            throws Exception {
        int before = linkMails(dataDir, email, "consent").size();
        HttpResponse<String> asked = consent.requestConsent(id, secret, key, scopes);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        assertThat(asked.body()).matches("\\{\"consentRequestId\":\"[0-9a-f-]{36}\",\"status\":\"PENDING\"}");
        return nextToken(dataDir, email, "consent", before);
    }

    static Map<String, Object> json(String body) throws IOException {
        return JsonMapper.createDefault().readValue(body, Argument.mapOf(String.class, Object.class));
    }

    @Test
    void anApprovedRequestShowsItsScopesAndMeSharesIdentityOnly() throws Exception {
        String email = "approve@shop.example";
        String secret = register(admin, "approve-crm", "orders:read", "owner:read");
        String key = activeKey(email);

        HttpResponse<String> me = api.me(key);
        assertThat(me.body()).doesNotContain(email).doesNotContain("Jane").doesNotContain("\"owner\"");
        String storeId = (String) json(me.body()).get("storeId");
        assertThat(storeId).matches("[0-9a-f-]{36}");
        assertThat(json(consent.access("approve-crm", secret, key).body()))
                .containsEntry("scopes", List.of())
                .containsEntry("storeId", storeId)
                .doesNotContainKey("owner");

        String token = askAndGetToken("approve-crm", secret, key, email, "orders:read");
        String mail = linkMails(dataDir, email, "consent").getLast();
        assertThat(mail).contains("approve-crm app").contains("see your orders");
        Map<String, Object> preview = json(consent.preview(token).body());
        assertThat(preview.get("integration")).isEqualTo(Map.of("id", "approve-crm", "name", "approve-crm app"));
        assertThat(preview.get("scopes"))
                .isEqualTo(List.of(Map.of("scope", "orders:read", "description", "see your orders")));

        assertThat(consent.decide(token, "APPROVE").body()).isEqualTo("{\"status\":\"GRANTED\"}");
        Map<String, Object> access =
                json(consent.access("approve-crm", secret, key).body());
        assertThat(access).containsEntry("scopes", List.of("orders:read")).doesNotContainKey("owner");

        String second = askAndGetToken("approve-crm", secret, key, email, "owner:read");
        consent.decide(second, "APPROVE");
        assertThat(json(consent.access("approve-crm", secret, key).body()))
                .containsEntry("scopes", List.of("orders:read", "owner:read"))
                .containsEntry("owner", Map.of("name", "Jane's Shop", "email", email));

        String trail = admin.get("/audit?email=" + email).body();
        assertThat(trail).contains("\"type\":\"CONSENT_REQUESTED\"", "\"type\":\"CONSENT_GRANTED\"");
        assertThat(api.get("/metrics").body()).contains("latchkey_consents_total{event=\"granted\"}");
    }

    @Test
    void aDeniedRequestGrantsNothingAndALinkWorksOnceOnly() throws Exception {
        String email = "deny@shop.example";
        String secret = register(admin, "deny-crm", "orders:read");
        String key = activeKey(email);
        String token = askAndGetToken("deny-crm", secret, key, email, "orders:read");

        assertThat(consent.decide(token, "DENY").body()).isEqualTo("{\"status\":\"DENIED\"}");
        assertThat(json(consent.access("deny-crm", secret, key).body())).containsEntry("scopes", List.of());

        HttpResponse<String> again = consent.decide(token, "APPROVE");
        HttpResponse<String> forged = consent.preview("ecl_" + "A".repeat(38));
        HttpResponse<String> wellFormedButUnknown =
                consent.preview(token.substring(0, 10) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        for (HttpResponse<String> gone : List.of(again, forged, wellFormedButUnknown, consent.preview(token))) {
            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(gone.body()).isEqualTo(again.body()).contains("\"code\":\"LINK_NOT_VALID\"");
        }
        assertThat(json(consent.access("deny-crm", secret, key).body())).containsEntry("scopes", List.of());
        assertThat(admin.get("/audit?email=" + email).body()).contains("\"type\":\"CONSENT_DENIED\"");
    }

    @Test
    void anExpiredLinkIsGone(@TempDir Path elsewhere) throws Exception {
        try (EmbeddedServer shortLinks = Instances.start(Map.of(
                "latchkey.data-dir",
                elsewhere.toString(),
                "latchkey.admin.token",
                TOKEN,
                "latchkey.links.consent",
                "PT1S"))) {
            LatchkeyApi there = new LatchkeyApi(shortLinks.getURL());
            String email = "late@shop.example";
            String secret = register(new AdminClient(shortLinks.getURL(), TOKEN), "late-crm", "orders:read");
            there.awaitStatus(LatchkeyApi.requestIdOf(there.requestKey("Late", email)), "SENT");
            String key = new PickupFolder(elsewhere).newestKeyFor(email);
            there.verify(email, key);
            ConsentClient late = new ConsentClient(shortLinks.getURL());
            assertThat(late.requestConsent("late-crm", secret, key, "orders:read")
                            .statusCode())
                    .isEqualTo(202);
            String token = nextToken(elsewhere, email, "consent", 0);

            // Waits for the link to expire (PT1S), not a fixed time.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> late.preview(token).statusCode() == 410);
            assertThat(late.decide(token, "APPROVE").statusCode()).isEqualTo(410);
            assertThat(json(late.access("late-crm", secret, key).body())).containsEntry("scopes", List.of());
        }
    }

    @Test
    void onlyTheIntegrationItselfMayAskAndOnlyForItsRegisteredScopes() throws Exception {
        String email = "strict@shop.example";
        String secret = register(admin, "strict-crm", "orders:read");
        String key = activeKey(email);

        HttpResponse<String> outside = consent.requestConsent("strict-crm", secret, key, "orders:read", "orders:write");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.body()).contains("\"field\":\"scopes\"", "orders:write");
        HttpResponse<String> wrongSecret = consent.requestConsent(
                "strict-crm", secret.substring(0, 20) + "x" + secret.substring(21), key, "orders:read");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("\"code\":\"INVALID_INTEGRATION\"");
        assertThat(consent.requestConsent("no-such-app", secret, key, "orders:read")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> otherKey =
                consent.requestConsent("strict-crm", secret, "eck_" + "B".repeat(38), "orders:read");
        assertThat(otherKey.statusCode()).isEqualTo(401);
        assertThat(otherKey.body()).contains("\"code\":\"INVALID_CREDENTIALS\"");
        assertThat(linkMails(dataDir, email, "consent")).isEmpty();
    }

    @Test
    void aGrantSurvivesRotationAndEndsWithTheIntegration() throws Exception {
        String email = "rotate@shop.example";
        String secret = register(admin, "rotate-crm", "orders:read");
        String first = activeKey(email);
        consent.decide(askAndGetToken("rotate-crm", secret, first, email, "orders:read"), "APPROVE");
        String storeId = (String) json(api.me(first).body()).get("storeId");

        String rotated = activeKey(email);
        assertThat(api.me(first).statusCode())
                .as("the first key was rotated out")
                .isEqualTo(401);
        Map<String, Object> access =
                json(consent.access("rotate-crm", secret, rotated).body());
        assertThat(access).containsEntry("scopes", List.of("orders:read")).containsEntry("storeId", storeId);
        assertThat(consent.access("rotate-crm", secret, first).statusCode()).isEqualTo(401);

        assertThat(admin.delete("/integrations/rotate-crm").statusCode()).isEqualTo(204);
        HttpResponse<String> gone = consent.access("rotate-crm", secret, rotated);
        assertThat(gone.statusCode()).isEqualTo(401);
        assertThat(gone.body()).contains("\"code\":\"INVALID_INTEGRATION\"");
        String again = register(admin, "rotate-crm", "orders:read");
        assertThat(json(consent.access("rotate-crm", again, rotated).body()))
                .as("a new registration under the same id starts with nothing granted")
                .containsEntry("scopes", List.of());
    }

    @Test
    void anOwnerManagesWithAMailedLinkAndWithdraws() throws Exception {
        String email = "manage@shop.example";
        String secret = register(admin, "manage-crm", "orders:read");
        String key = activeKey(email);
        consent.decide(askAndGetToken("manage-crm", secret, key, email, "orders:read"), "APPROVE");

        HttpResponse<String> known = consent.ownerLink("Manage@Shop.example");
        HttpResponse<String> unknown = consent.ownerLink("nobody-here@shop.example");
        assertThat(known.statusCode()).isEqualTo(202);
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body());
        String token = nextToken(dataDir, "Manage@Shop.example", "consents", 0);
        assertThat(linkMails(dataDir, "nobody-here@shop.example", "consents")).isEmpty();

        Map<String, Object> listed = json(consent.list(token).body());
        assertThat(listed.get("consents").toString()).contains("manage-crm", "see your orders");
        assertThat(consent.preview(token).statusCode())
                .as("a manage link decides nothing")
                .isEqualTo(410);

        assertThat(consent.withdraw(token, "manage-crm").body()).isEqualTo("{\"status\":\"WITHDRAWN\"}");
        assertThat(json(consent.access("manage-crm", secret, key).body())).containsEntry("scopes", List.of());
        assertThat(consent.withdraw(token, "manage-crm").statusCode()).isEqualTo(404);
        assertThat(json(consent.list(token).body())).containsEntry("consents", List.of());
        assertThat(admin.get("/audit?email=" + email).body())
                .contains("\"type\":\"OWNER_LINK_SENT\"", "\"type\":\"CONSENT_WITHDRAWN\"");
    }
}
