package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's rights end to end over real HTTP on the embedded H2 with the pickup folder (SPEC §9):
 * a link asked for by email (the same answer for an unknown one), an export of everything stored
 * about the owner, an erasure after which the old key verifies nowhere and the email starts afresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnerDataOverHttpTest {

    static final String TOKEN = "an-owner-data-admin-token-0123456789abcdef";

    @TempDir
    static Path dataDir;

    private EmbeddedServer server;
    private LatchkeyApi api;
    private AdminClient admin;
    private ConsentClient owner;

    @BeforeAll
    void start() {
        server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString(), "latchkey.admin.token", TOKEN));
        api = new LatchkeyApi(server.getURL());
        admin = new AdminClient(server.getURL(), TOKEN);
        owner = new ConsentClient(server.getURL());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private String activeKey(String email) throws Exception {
        api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey("Jane's Shop", email)), "SENT");
        String key = new PickupFolder(dataDir).newestKeyFor(email);
        assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
        return key;
    }

    /** Registers {@code id}, asks the owner for orders:read with {@code key}, and approves from the mail. */
    private String granted(String id, String key, String email) throws Exception {
        String secret = ConsentFlowOverHttpTest.register(admin, id, "orders:read");
        int before = new PickupFolder(dataDir).linkMailsTo(email, "consent").size();
        assertThat(owner.requestConsent(id, secret, key, "orders:read").statusCode())
                .isEqualTo(202);
        String token = ConsentFlowOverHttpTest.nextToken(dataDir, email, "consent", before);
        assertThat(owner.decide(token, "APPROVE").statusCode()).isEqualTo(200);
        return secret;
    }

    private String linkFor(String email, String purpose, String page) throws Exception {
        int before = new PickupFolder(dataDir).linkMailsTo(email, page).size();
        HttpResponse<String> asked = owner.ownerLink(email, purpose);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        return ConsentFlowOverHttpTest.nextToken(dataDir, email, page, before);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anExportHoldsEverythingStoredAboutTheOwnerNeverTheKeyAndWorksOnce() throws Exception {
        String email = "export@shop.example";
        String key = activeKey(email);
        granted("export-crm", key, email);
        String storeId =
                (String) ConsentFlowOverHttpTest.json(api.me(key).body()).get("storeId");
        HttpResponse<String> unknown = owner.ownerLink("nobody-here@shop.example", "EXPORT");

        String token = linkFor(email, "EXPORT", "privacy/export");
        HttpResponse<String> exported = owner.export(token);

        assertThat(owner.ownerLink(email, "EXPORT").body())
                .as("the same answer for a known and an unknown email")
                .isEqualTo(unknown.body());
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"latchkey-my-data.json\"");
        assertThat(exported.body()).doesNotContain(key);
        Map<String, Object> data = ConsentFlowOverHttpTest.json(exported.body());
        assertThat(data).containsEntry("email", email).containsEntry("storeId", storeId);
        List<?> requests = (List<?>) data.get("requests");
        assertThat(requests).hasSize(1);
        assertThat((Map<String, Object>) requests.getFirst())
                .containsEntry("name", "Jane's Shop")
                .containsEntry("email", email)
                .containsEntry("status", "SENT");
        List<?> keys = (List<?>) data.get("keys");
        assertThat(keys).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> exportedKey = (Map<String, Object>) keys.getFirst();
        assertThat(exportedKey).containsEntry("status", "ACTIVE").containsEntry("storeId", storeId);
        assertThat(key).startsWith((String) exportedKey.get("hint"));
        assertThat((List<?>) data.get("grants"))
                .singleElement()
                .satisfies(grant -> assertThat((Map<String, Object>) grant)
                        .containsEntry("integrationId", "export-crm")
                        .containsEntry("scopes", List.of("orders:read")));
        assertThat(exported.body()).contains("\"type\":\"VERIFIED\"", "\"type\":\"CONSENT_GRANTED\"");
        assertThat(owner.export(token).statusCode()).as("the link works once").isEqualTo(410);
        assertThat(owner.erase(token).statusCode())
                .as("an export link erases nothing")
                .isEqualTo(410);
        assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
    }

    @Test
    void anErasureEndsEveryKeyAndGrantLeavesTheAuditBareAndTheEmailStartsAfresh() throws Exception {
        String email = "erase@shop.example";
        String key = activeKey(email);
        String secret = granted("erase-crm", key, email);
        String storeId =
                (String) ConsentFlowOverHttpTest.json(api.me(key).body()).get("storeId");
        String keyId = (String) ConsentFlowOverHttpTest.json(api.me(key).body()).get("keyId");

        assertThat(admin.get("/audit?keyId=" + keyId).body())
                .as("before the erasure the trail holds the owner's masked email and network")
                .contains("e***@shop.example", "127.0.0.0/24");

        String token = linkFor(email, "ERASE", "privacy/erase");
        HttpResponse<String> erased = owner.erase(token);

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(erased.body()).isEqualTo("{\"status\":\"ERASED\",\"keysRevoked\":1,\"confirmationSent\":true}");
        assertThat(owner.erase(token).statusCode()).as("the link works once").isEqualTo(410);
        assertThat(api.verify(email, key).statusCode()).isEqualTo(401);
        assertThat(api.me(key).statusCode()).isEqualTo(401);
        assertThat(owner.access("erase-crm", secret, key).statusCode())
                .as("the integration's access check no longer knows the key")
                .isEqualTo(401);
        assertThat(admin.get("/keys?email=" + email).body()).doesNotContain(keyId);
        String trail = admin.get("/audit?keyId=" + keyId).body();
        assertThat(trail)
                .contains("\"type\":\"VERIFIED\"")
                .doesNotContain("e***@")
                .doesNotContain("127.0.0.");
        assertThat(admin.get("/audit?email=" + email).body()).doesNotContain("\"type\":\"VERIFIED\"");
        assertThat(new PickupFolder(dataDir).mailsTo(email).getLast())
                .as("the confirmation, the newest mail to the owner")
                .contains("your data was erased")
                .doesNotContain("Jane's Shop");

        String fresh = activeKey(email);
        Map<String, Object> me = ConsentFlowOverHttpTest.json(api.me(fresh).body());
        assertThat(me.get("storeId")).as("a new store").isNotEqualTo(storeId);
        assertThat(ConsentFlowOverHttpTest.json(
                        owner.access("erase-crm", secret, fresh).body()))
                .as("no grant follows the email into its new store")
                .containsEntry("scopes", List.of());
    }

    @Test
    void onlyAnOwnersOwnPurposesAreOffered() throws Exception {
        assertThat(owner.ownerLink("someone@shop.example", "CONSENT").statusCode())
                .isEqualTo(400);
        assertThat(owner.export("").statusCode()).isEqualTo(400);
        assertThat(owner.erase("ecl_forged").statusCode()).isEqualTo(410);
    }
}
