package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integrations read a key's state through a short cache: a revocation is seen at once on the
 * instance that revoked it, and on another instance within the configured bound.
 */
class KeyCacheBoundTest {

    private static final Duration BOUND = Duration.ofSeconds(3);

    @TempDir
    Path dataDir;

    @Test
    void revocationIsSeenAtOnceHereAndWithinTheBoundElsewhere() throws Exception {
        Map<String, Object> shared = Map.of(
                "datasources.default.url", "jdbc:h2:mem:cache-bound;DB_CLOSE_DELAY=-1",
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.limits.enabled", "false",
                "latchkey.key-cache-ttl", "PT3S");
        try (EmbeddedServer here = Instances.start(shared);
                EmbeddedServer elsewhere = Instances.start(shared)) {
            LatchkeyApi onHere = new LatchkeyApi(here.getURL());
            LatchkeyApi onElsewhere = new LatchkeyApi(elsewhere.getURL());
            String requestId = LatchkeyApi.requestIdOf(onHere.requestKey("Owner", "cached@shop.example"));
            onHere.awaitStatus(requestId, "SENT");
            String key = new PickupFolder(dataDir).newestKeyFor("cached@shop.example");
            assertThat(onHere.verify("cached@shop.example", key).statusCode()).isEqualTo(200);
            assertThat(onHere.me(key).statusCode()).isEqualTo(200);
            assertThat(onElsewhere.me(key).statusCode()).isEqualTo(200);

            assertThat(onHere.revoke(key).statusCode()).isEqualTo(200);
            long revokedAt = System.nanoTime();

            assertThat(onHere.me(key).statusCode())
                    .as("seen at once where it was revoked")
                    .isEqualTo(401);
            assertThat(onElsewhere.me(key).statusCode())
                    .as("elsewhere the cached state still holds")
                    .isEqualTo(200);
            int status = 200;
            while (status == 200
                    && System.nanoTime() - revokedAt < BOUND.plusSeconds(2).toNanos()) {
                Thread.sleep(50);
                status = onElsewhere.me(key).statusCode();
            }
            Duration seenAfter = Duration.ofNanos(System.nanoTime() - revokedAt);
            assertThat(status).isEqualTo(401);
            assertThat(seenAfter).as("seen elsewhere within the bound").isLessThanOrEqualTo(BOUND.plusMillis(500));
        }
    }

    @Test
    void aKeyInConstantUseIsReadAgainInTheBackgroundBeforeTheBoundRunsOut() throws Exception {
        Map<String, Object> settings = Map.of(
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.limits.enabled", "false",
                "latchkey.key-cache-ttl", "PT1.5S");
        try (EmbeddedServer server = Instances.start(settings)) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            String requestId = LatchkeyApi.requestIdOf(api.requestKey("Owner", "busy@shop.example"));
            api.awaitStatus(requestId, "SENT");
            String key = new PickupFolder(dataDir).newestKeyFor("busy@shop.example");
            assertThat(api.verify("busy@shop.example", key).statusCode()).isEqualTo(200);

            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofMillis(2_500).toNanos()) {
                assertThat(api.me(key).statusCode()).isEqualTo(200);
                Thread.sleep(50);
            }

            String metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.getURL() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double refreshed = metrics.lines()
                    .filter(line -> line.startsWith("latchkey_key_cache_refreshed_total "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                    .sum();
            assertThat(refreshed)
                    .as("the key's state was read again in the background")
                    .isGreaterThanOrEqualTo(2);
        }
    }
}
