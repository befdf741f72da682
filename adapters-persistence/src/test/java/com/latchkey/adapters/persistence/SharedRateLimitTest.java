package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL count against the same buckets. */
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
            long bound = RateLimitAdapter.SEEN_FULL_FOR.toNanos();
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
