package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL count against the same buckets. */
class SharedRateLimitTest {

    @Test
    void aLimitExhaustedOnOneInstanceHoldsOnTheOther() {
        Map<String, Object> shared = new HashMap<>(PostgresServer.freshDatabase("shared_limits"));
        shared.put("latchkey.key.pepper", "the-same-pepper-on-both-instances-0123");
        RateLimit threePerHour = new RateLimit("verify-email", 3, Duration.ofHours(1));
        try (ApplicationContext first = ApplicationContext.builder()
                        .environments("test")
                        .properties(shared)
                        .start();
                ApplicationContext second = ApplicationContext.builder()
                        .environments("test")
                        .properties(shared)
                        .start()) {
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
}
