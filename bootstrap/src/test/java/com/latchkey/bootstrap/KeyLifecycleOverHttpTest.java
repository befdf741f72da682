package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every transition of a key's life, over real HTTP, as the owner and an integration see it (on H2). */
class KeyLifecycleOverHttpTest {

    @TempDir
    Path dataDir;

    private EmbeddedServer server;
    private LatchkeyApi api;
    private PickupFolder inbox;

    /** The database these tests run on: the embedded H2 here; PostgreSQL in the subclass. */
    protected Map<String, Object> database() {
        return Map.of();
    }

    @BeforeEach
    void start() {
        Map<String, Object> settings = new HashMap<>(database());
        settings.put("latchkey.data-dir", dataDir.toString());
        settings.put("latchkey.verify-window", "PT3S");
        settings.put("latchkey.limits.enabled", "false");
        server = Instances.start(settings);
        api = new LatchkeyApi(server.getURL());
        inbox = new PickupFolder(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Asks for a key and waits for its mail; answers the key. */
    private String deliveredKey(String email) throws Exception {
        HttpResponse<String> accepted = api.requestKey("Owner", email);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(api.awaitStatus(LatchkeyApi.requestIdOf(accepted), "SENT").body())
                .contains("\"SENT\"");
        return inbox.newestKeyFor(email);
    }

    @Test
    void verifiedKeyIdentifiesTheStoreToIntegrations() throws Exception {
        String key = deliveredKey("shop@lifecycle.example");
        assertThat(api.me(key).statusCode())
                .as("an unverified key admits no integration")
                .isEqualTo(401);

        assertThat(api.verify("shop@lifecycle.example", key).statusCode()).isEqualTo(200);

        HttpResponse<String> me = api.me(key);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body())
                .containsPattern("\"storeId\":\"[0-9a-f-]{36}\"")
                .doesNotContain("\"owner\"")
                .doesNotContain("lifecycle.example")
                .contains("\"status\":\"ACTIVE\"")
                .contains("\"scopes\":[]")
                .doesNotContain(key);
    }

    @Test
    void aNewRequestSupersedesTheUnverifiedKeyButNeverTheActiveOne() throws Exception {
        String active = deliveredKey("owner@lifecycle.example");
        api.verify("owner@lifecycle.example", active);
        String pending = deliveredKey("owner@lifecycle.example");

        String newest = deliveredKey("owner@lifecycle.example");

        assertThat(api.me(active).statusCode())
                .as("a request never disturbs the active key")
                .isEqualTo(200);
        HttpResponse<String> superseded = api.verify("owner@lifecycle.example", pending);
        assertThat(superseded.statusCode()).isEqualTo(403);
        assertThat(superseded.body()).contains("\"code\":\"KEY_REVOKED\"");
        assertThat(api.verify("owner@lifecycle.example", newest).statusCode()).isEqualTo(200);
    }

    @Test
    void verifyingANewKeyRotatesOutTheOldOne() throws Exception {
        String first = deliveredKey("rotate@lifecycle.example");
        api.verify("rotate@lifecycle.example", first);
        String second = deliveredKey("rotate@lifecycle.example");

        assertThat(api.verify("rotate@lifecycle.example", second).statusCode()).isEqualTo(200);

        assertThat(api.me(second).statusCode()).isEqualTo(200);
        assertThat(api.me(first).statusCode()).isEqualTo(401);
        assertThat(api.verify("rotate@lifecycle.example", first).body()).contains("\"code\":\"KEY_REVOKED\"");
        assertThat(api.verify("rotate@lifecycle.example", second).statusCode())
                .as("idempotent")
                .isEqualTo(200);
    }

    @Test
    void anUnverifiedKeyExpiresAfterTheWindow() throws Exception {
        String key = deliveredKey("late@lifecycle.example");

        Thread.sleep(3_500);

        HttpResponse<String> expired = api.verify("late@lifecycle.example", key);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("\"code\":\"KEY_EXPIRED\"");
        HttpResponse<String> otherEmail = api.verify("someone@lifecycle.example", key);
        assertThat(otherEmail.statusCode())
                .as("expiry is told only to the owner")
                .isEqualTo(401);
    }

    @Test
    void possessionRevokesAndTheKeyStopsWorkingEverywhere() throws Exception {
        String key = deliveredKey("revoke@lifecycle.example");
        api.verify("revoke@lifecycle.example", key);

        HttpResponse<String> revoked = api.revoke(key);

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).contains("\"status\":\"REVOKED\"");
        assertThat(api.me(key).statusCode()).isEqualTo(401);
        assertThat(api.me(key).headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(api.verify("revoke@lifecycle.example", key).body()).contains("\"code\":\"KEY_REVOKED\"");
        assertThat(api.revoke(key).statusCode()).isEqualTo(401);
    }

    @Test
    void keyRequestsAnswerAlikeForNewAndKnownEmails() throws Exception {
        deliveredKey("known@lifecycle.example");

        String known = api.requestKey("Owner", "known@lifecycle.example").body();
        String unknown = api.requestKey("Owner", "never-seen@lifecycle.example").body();

        String idPattern = "\"requestId\":\"[0-9a-f-]{36}\"";
        assertThat(known.replaceAll(idPattern, "ID")).isEqualTo(unknown.replaceAll(idPattern, "ID"));
    }
}
