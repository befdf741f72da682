package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances sharing one PostgreSQL, with a cache bound far too long to explain what is seen: a
 * key an integration uses through one instance, revoked on the other, is refused by the first
 * within 100 ms, because the database tells it of the change as it commits (SPEC §7).
 */
class KeyChangesAcrossInstancesOnPostgresTest {

    /** 50 keeps the build short; {@code -Dlatchkey.test.revocations=200} for the full measurement. */
    private static final int REVOCATIONS = Integer.getInteger("latchkey.test.revocations", 50);

    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedOnTheOtherWithinAHundredMilliseconds() throws Exception {
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase("key_changes"));
        shared.put("latchkey.key.pepper", "a-shared-pepper-for-both-instances-0123456789");
        shared.put("latchkey.data-dir", dataDir.toString());
        shared.put("latchkey.limits.enabled", "false");
        shared.put("latchkey.key-cache-ttl", BOUND.toString());
        try (EmbeddedServer revoking = Instances.start(shared);
                EmbeddedServer using = Instances.start(shared)) {
            LatchkeyApi onRevoking = new LatchkeyApi(revoking.getURL());
            LatchkeyApi onUsing = new LatchkeyApi(using.getURL());
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < REVOCATIONS; i++) {
                requests.add(LatchkeyApi.requestIdOf(onRevoking.requestKey("Owner " + i, owner(i))));
            }
            for (String request : requests) {
                assertThat(onRevoking.awaitStatus(request, "SENT").body()).contains("\"status\":\"SENT\"");
            }
            PickupFolder mails = new PickupFolder(dataDir);

            List<Duration> seenAfter = new ArrayList<>();
            for (int i = 0; i < REVOCATIONS; i++) {
                String key = mails.newestKeyFor(owner(i));
                assertThat(onRevoking.verify(owner(i), key).statusCode()).isEqualTo(200);
                assertThat(onUsing.me(key).statusCode()).isEqualTo(200); // now in the using instance's cache

                assertThat(onRevoking.revoke(key).statusCode()).isEqualTo(200);
                long revokedAt = System.nanoTime();
                await().pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(1))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> onUsing.me(key).statusCode() == 401);
                seenAfter.add(Duration.ofNanos(System.nanoTime() - revokedAt));
            }

            List<Duration> sorted = seenAfter.stream().sorted().toList();
            Duration p50 = percentile(sorted, 50);
            Duration p99 = percentile(sorted, 99);
            System.out.printf(
                    "revocation seen on the other instance, %d revocations: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    REVOCATIONS,
                    p50.toNanos() / 1e6,
                    p99.toNanos() / 1e6,
                    sorted.getLast().toNanos() / 1e6);
            // 100 ms is the promise; the test allows for a shared, busy build machine.
            // Of 50 samples the nearest-rank p99 is the slowest one: one GC pause must not fail the
            // build, so the bound is on the p90; every sample must still beat the 60 s cache bound by
            // far, which only the notification explains.
            assertThat(percentile(sorted, 90)).as("p90 of %s", sorted).isLessThanOrEqualTo(Duration.ofMillis(250));
            assertThat(sorted.get(sorted.size() - 1)).as("slowest").isLessThan(Duration.ofSeconds(5));
        }
    }

    private static String owner(int i) {
        return "owner" + i + "@shop.example";
    }

    /** Nearest-rank percentile of sorted durations. */
    private static Duration percentile(List<Duration> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
