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
        // An H2 in memory may be shared by several instances of one JVM: changes elsewhere go unheard.
        Busy busy = keepBusy(Map.of("datasources.default.url", "jdbc:h2:mem:busy;DB_CLOSE_DELAY=-1"));

        assertThat(busy.refreshed())
                .as("the key's state was read again in the background")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void onTheEmbeddedFileAKeyInConstantUseIsServedFromMemoryAndNotReadBackAgainAndAgain() throws Exception {
        // The embedded H2 file (the default) is opened by this instance alone: no change goes unheard.
        Busy busy = keepBusy(Map.of());

        assertThat(busy.refreshed())
                .as("read back once at most: the state written here at verification, which its transaction could"
                        + " still have rolled back, is confirmed once")
                .isLessThanOrEqualTo(1);
    }

    /** How often a key in constant use was read back in the background. */
    private record Busy(double refreshed) {}

    /** Uses one key every 50 ms for 2.5 s, past its 1.5 s bound, on an instance with these settings. */
    private Busy keepBusy(Map<String, Object> more) throws Exception {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.limits.enabled", "false",
                "latchkey.key-cache-ttl", "PT1.5S"));
        settings.putAll(more);
        try (EmbeddedServer server = Instances.start(settings)) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            String requestId = LatchkeyApi.requestIdOf(api.requestKey("Owner", "busy@shop.example"));
            api.awaitStatus(requestId, "SENT");
            String key = new PickupFolder(dataDir).newestKeyFor("busy@shop.example");
            assertThat(api.verify("busy@shop.example", key).statusCode()).isEqualTo(200);
            assertThat(api.me(key).statusCode()).isEqualTo(200);

            long start = System.nanoTime();
            while (System.nanoTime() - start < Duration.ofMillis(2_500).toNanos()) {
                assertThat(api.me(key).statusCode()).isEqualTo(200);
                Thread.sleep(50);
            }
            return new Busy(metric(server, "latchkey_key_cache_refreshed_total"));
        }
    }

    private static double metric(EmbeddedServer server, String name) throws Exception {
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.getURL() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
