package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL count against the same buckets, and the table of buckets stays bounded. */
class SharedRateLimitTest {

    @Test
    void aLimitExhaustedOnOneInstanceHoldsOnTheOther() {
        RateLimit threePerHour = new RateLimit("verify-email", 3, Duration.ofHours(1));
        Map<String, Object> shared = sharedDatabase("shared_limits");
        try (ApplicationContext first = instance(shared);
                ApplicationContext second = instance(shared)) {
            RateLimitPort onFirst = first.getBean(RateLimitPort.class);
            RateLimitPort onSecond = second.getBean(RateLimitPort.class);

            assertThat(onFirst.tryConsume(threePerHour, "jane@example.com")).isEmpty();
            assertThat(onSecond.tryConsume(threePerHour, "jane@example.com")).isEmpty();
            assertThat(onFirst.tryConsume(threePerHour, "jane@example.com")).isEmpty();

            assertThat(onSecond.probe(threePerHour, "jane@example.com")).isPresent();
            assertThat(onSecond.tryConsume(threePerHour, "jane@example.com")).isPresent();
            assertThat(onFirst.tryConsume(threePerHour, "jane@example.com")).isPresent();
            assertThat(onSecond.tryConsume(threePerHour, "joe@example.com")).isEmpty();
        }
    }

    @Test
    void aBucketSeenFullIsTrustedHereForASecondAndATokenTakenHereIsSeenAtOnce() throws Exception {
        RateLimit twoPerHour = new RateLimit("bearer-client", 2, Duration.ofHours(1));
        Map<String, Object> shared = sharedDatabase("seen_full");
        try (ApplicationContext first = instance(shared);
                ApplicationContext second = instance(shared)) {
            RateLimitPort onFirst = first.getBean(RateLimitPort.class);
            RateLimitPort onSecond = second.getBean(RateLimitPort.class);

            long seenAt = System.nanoTime();
            assertThat(onFirst.probe(twoPerHour, "203.0.113.7")).isEmpty(); // seen full
            onSecond.tryConsume(twoPerHour, "203.0.113.7");
            onSecond.tryConsume(twoPerHour, "203.0.113.7");
            assertThat(onSecond.probe(twoPerHour, "203.0.113.7")).isPresent();
            Optional<Duration> onFirstMeanwhile = onFirst.probe(twoPerHour, "203.0.113.7");
            long bound = SharedRateLimitAdapter.SEEN_FULL_FOR.toNanos();
            if (System.nanoTime() - seenAt < bound) {
                assertThat(onFirstMeanwhile)
                        .as("within the bound, the first instance trusts what it saw without the database")
                        .isEmpty();
            }
            Thread.sleep(Math.max(0, (bound - (System.nanoTime() - seenAt)) / 1_000_000 + 50));
            assertThat(onFirst.probe(twoPerHour, "203.0.113.7"))
                    .as("after the bound it reads the shared bucket")
                    .isPresent();

            assertThat(onFirst.probe(twoPerHour, "198.51.100.9")).isEmpty(); // seen full
            onFirst.tryConsume(twoPerHour, "198.51.100.9");
            onFirst.tryConsume(twoPerHour, "198.51.100.9");
            assertThat(onFirst.probe(twoPerHour, "198.51.100.9"))
                    .as("tokens taken here are seen here at once")
                    .isPresent();
        }
    }

    @Test
    void probesOfNewSubjectsStoreNoBucket() throws Exception {
        RateLimit thirtyPerQuarter = new RateLimit("bearer-client", 30, Duration.ofMinutes(15));
        try (ApplicationContext instance = instance(sharedDatabase("probes_store_nothing"))) {
            RateLimitPort limits = instance.getBean(RateLimitPort.class);

            for (int i = 0; i < 100; i++) {
                assertThat(limits.probe(thirtyPerQuarter, "198.51.100." + i))
                        .as("a subject never charged is allowed")
                        .isEmpty();
            }

            assertThat(bucketRows(instance))
                    .as("probes take nothing, so they store nothing")
                    .isZero();
            assertThat(limits.tryConsume(thirtyPerQuarter, "198.51.100.7")).isEmpty();
            assertThat(bucketRows(instance))
                    .as("taking a token stores its bucket")
                    .isEqualTo(1);
        }
    }

    @Test
    void theScheduledCleanupRemovesRefilledBucketsAndKeepsLiveOnes() throws Exception {
        RateLimit onePerTwoSeconds = new RateLimit("quick", 1, Duration.ofSeconds(2));
        RateLimit onePerHour = new RateLimit("slow", 1, Duration.ofHours(1));
        Map<String, Object> settings = sharedDatabase("cleanup_scheduled");
        settings.put("latchkey.limits.cleanup-interval", "PT0.2S");
        try (ApplicationContext instance = instance(settings)) {
            RateLimitPort limits = instance.getBean(RateLimitPort.class);
            assertThat(limits.tryConsume(onePerTwoSeconds, "203.0.113.7")).isEmpty();
            assertThat(limits.tryConsume(onePerHour, "203.0.113.7")).isEmpty();

            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> bucketRows(instance) == 1);

            assertThat(limits.tryConsume(onePerHour, "203.0.113.7"))
                    .as("the live bucket was kept: still exhausted")
                    .isPresent();
            assertThat(limits.tryConsume(onePerTwoSeconds, "203.0.113.7"))
                    .as("the refilled one starts full again")
                    .isEmpty();
        }
    }

    @Test
    void oneCleanupRunRemovesEveryExpiredBucketBatchByBatch() throws Exception {
        RateLimit onePerSecond = new RateLimit("quick", 1, Duration.ofSeconds(1));
        RateLimit onePerHour = new RateLimit("slow", 1, Duration.ofHours(1));
        Map<String, Object> settings = sharedDatabase("cleanup_batches");
        settings.put("latchkey.limits.cleanup-interval", "PT1H");
        try (ApplicationContext instance = instance(settings)) {
            RateLimitPort limits = instance.getBean(RateLimitPort.class);
            for (int i = 0; i < 5; i++) {
                limits.tryConsume(onePerSecond, "client-" + i);
            }
            limits.tryConsume(onePerHour, "client-0");
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> expiredBucketRows(instance) == 5);

            int removed = instance.getBean(SharedBuckets.class).removeExpired(2);

            assertThat(removed).isEqualTo(5);
            assertThat(bucketRows(instance)).isEqualTo(1);
            assertThat(limits.tryConsume(onePerHour, "client-0")).isPresent();
            assertThat(limits.probe(onePerSecond, "client-1")).isEmpty();
            assertThat(bucketRows(instance)).isEqualTo(1);
        }
    }

    @Test
    void aMalformedCleanupIntervalStopsTheStartNamingTheSetting() {
        Map<String, Object> settings = sharedDatabase("cleanup_malformed");
        settings.put("latchkey.limits.cleanup-interval", "5 minutes");

        assertThatThrownBy(() -> instance(settings).close())
                .hasStackTraceContaining("LATCHKEY_LIMITS_CLEANUP_INTERVAL must be a positive ISO-8601 duration");
    }

    private static long bucketRows(ApplicationContext instance) throws SQLException {
        return count(instance, "SELECT count(*) FROM rate_limit_bucket");
    }

    /** Rows whose bucket has refilled, by Bucket4j's own clock (epoch milliseconds). */
    private static long expiredBucketRows(ApplicationContext instance) throws SQLException {
        return count(
                instance, "SELECT count(*) FROM rate_limit_bucket WHERE expires_at < " + System.currentTimeMillis());
    }

    private static long count(ApplicationContext instance, String query) throws SQLException {
        try (Connection connection = DelegatingDataSource.unwrapDataSource(instance.getBean(DataSource.class))
                        .getConnection();
                PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, Object> sharedDatabase(String name) {
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase(name));
        shared.put("latchkey.key.pepper", "the-same-pepper-on-both-instances-0123");
        return shared;
    }

    private static ApplicationContext instance(Map<String, Object> settings) {
        return ApplicationContext.builder()
                .environments("test")
                .properties(settings)
                .start();
    }
}
