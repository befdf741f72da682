package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limits of SPEC §5 over real HTTP: 429 with Retry-After, per subject, shared by instances on PostgreSQL. */
class RateLimitsOverHttpTest {

    @TempDir
    Path dataDir;

    private Map<String, Object> tightLimits() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("latchkey.data-dir", dataDir.toString());
        settings.put("latchkey.limits.requests-per-email", "2/PT1H");
        settings.put("latchkey.limits.verify-per-email", "3/PT15M");
        settings.put("latchkey.limits.bearer-per-client", "3/PT15M");
        return settings;
    }

    private static void assertRateLimited(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body()).contains("\"code\":\"RATE_LIMITED\"");
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
    }

    @Test
    void keyRequestsPerEmailAreLimitedAndOtherEmailsAreNot() throws Exception {
        try (EmbeddedServer server = Instances.start(tightLimits())) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());

            assertThat(api.requestKey("Owner", "busy@limits.example").statusCode())
                    .isEqualTo(202);
            assertThat(api.requestKey("Owner", "busy@limits.example").statusCode())
                    .isEqualTo(202);
            assertRateLimited(api.requestKey("Owner", "busy@limits.example"));
            assertThat(api.requestKey("Owner", "calm@limits.example").statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void failedVerificationsPerEmailAreLimitedEvenForTheRightKey() throws Exception {
        try (EmbeddedServer server = Instances.start(tightLimits())) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            String requestId = LatchkeyApi.requestIdOf(api.requestKey("Owner", "target@limits.example"));
            api.awaitStatus(requestId, "SENT");
            String key = new PickupFolder(dataDir).newestKeyFor("target@limits.example");

            for (int i = 0; i < 3; i++) {
                assertThat(api.verify("target@limits.example", "eck_guess" + i).statusCode())
                        .isEqualTo(401);
            }

            assertRateLimited(api.verify("target@limits.example", key));
            assertThat(api.verify("other@limits.example", "eck_guess").statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void failedBearerAuthenticationsPerClientAreLimited() throws Exception {
        try (EmbeddedServer server = Instances.start(tightLimits())) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            for (int i = 0; i < 3; i++) {
                assertThat(api.me("eck_guess" + i).statusCode()).isEqualTo(401);
            }

            assertRateLimited(api.me("eck_guess"));
        }
    }

    @Test
    void twoInstancesOnOnePostgresShareTheLimit() throws Exception {
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase("shared_http_limits"));
        shared.put("latchkey.key.pepper", "a-pepper-shared-by-both-instances-000");
        shared.put("latchkey.limits.requests-per-email", "2/PT1H");
        Map<String, Object> first = new HashMap<>(shared);
        first.put("latchkey.data-dir", Files.createTempDirectory("first").toString());
        Map<String, Object> second = new HashMap<>(shared);
        second.put("latchkey.data-dir", Files.createTempDirectory("second").toString());
        try (EmbeddedServer a = Instances.start(first);
                EmbeddedServer b = Instances.start(second)) {
            LatchkeyApi onA = new LatchkeyApi(a.getURL());
            LatchkeyApi onB = new LatchkeyApi(b.getURL());

            assertThat(onA.requestKey("Owner", "shared@limits.example").statusCode())
                    .isEqualTo(202);
            assertThat(onB.requestKey("Owner", "shared@limits.example").statusCode())
                    .isEqualTo(202);

            assertRateLimited(onA.requestKey("Owner", "shared@limits.example"));
            assertRateLimited(onB.requestKey("Owner", "shared@limits.example"));
            assertThat(onB.requestKey("Owner", "fresh@limits.example").statusCode())
                    .isEqualTo(202);
        }
    }
}
