package com.latchkey.tck.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every rate-limit adapter (the {@code LATCHKEY_ADAPTERS_LIMITS} family, but {@code none})
 * must do: let a limit's capacity through, then refuse with the wait until a token is back, refill
 * with time, keep limits and subjects apart, and probe without taking. An adapter whose buckets are
 * shared (Redis, PostgreSQL) also answers {@link #anotherInstance()}: a second client of the same
 * backend, as another instance of the service would hold.
 */
public abstract class RateLimitContract {

    /** The adapter under test. */
    protected abstract RateLimitPort limits();

    /** A second client of the same buckets, or empty when each instance keeps its own. */
    protected abstract Optional<RateLimitPort> anotherInstance();

    /** A limit no other test uses, so tests sharing one backend do not meet. */
    protected static RateLimit freshLimit(long capacity, Duration period) {
        return new RateLimit("tck-" + UUID.randomUUID(), capacity, period);
    }

    @Test
    void theCapacityGoesThroughThenTheWaitIsTold() {
        RateLimit twoPerHour = freshLimit(2, Duration.ofHours(1));

        assertThat(limits().tryConsume(twoPerHour, "jane@example.com")).isEmpty();
        assertThat(limits().tryConsume(twoPerHour, "jane@example.com")).isEmpty();
        Optional<Duration> refused = limits().tryConsume(twoPerHour, "jane@example.com");

        assertThat(refused)
                .as("half an hour until the next token, refilled gradually")
                .hasValueSatisfying(wait -> assertThat(wait)
                        .isGreaterThan(Duration.ofMinutes(20))
                        .isLessThanOrEqualTo(Duration.ofHours(1)));
    }

    @Test
    void aProbeTakesNothing() {
        RateLimit once = freshLimit(1, Duration.ofHours(1));

        for (int i = 0; i < 5; i++) {
            assertThat(limits().probe(once, "subject")).isEmpty();
        }
        assertThat(limits().tryConsume(once, "subject")).isEmpty();
        assertThat(limits().probe(once, "subject"))
                .as("a probe of an exhausted bucket tells the wait")
                .isPresent();
    }

    @Test
    void subjectsAndLimitsAreKeptApart() {
        RateLimit once = freshLimit(1, Duration.ofHours(1));
        RateLimit another = freshLimit(1, Duration.ofHours(1));

        assertThat(limits().tryConsume(once, "jane@example.com")).isEmpty();

        assertThat(limits().tryConsume(once, "jane@example.com")).isPresent();
        assertThat(limits().tryConsume(once, "joe@example.com")).isEmpty();
        assertThat(limits().tryConsume(another, "jane@example.com")).isEmpty();
    }

    @Test
    void aBucketRefillsWithTime() throws InterruptedException {
        RateLimit twoPerSecond = freshLimit(2, Duration.ofSeconds(1));
        limits().tryConsume(twoPerSecond, "subject");
        limits().tryConsume(twoPerSecond, "subject");
        assertThat(limits().tryConsume(twoPerSecond, "subject")).isPresent();

        Thread.sleep(1_100);

        assertThat(limits().tryConsume(twoPerSecond, "subject")).isEmpty();
        assertThat(limits().tryConsume(twoPerSecond, "subject")).isEmpty();
    }

    @Test
    void theWaitToldIsNeverUnderASecond() {
        RateLimit manyPerSecond = freshLimit(1, Duration.ofMillis(100));
        limits().tryConsume(manyPerSecond, "subject");

        assertThat(limits().tryConsume(manyPerSecond, "subject"))
                .as("Retry-After counts whole seconds")
                .hasValueSatisfying(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void instancesSharingTheBackendShareTheLimit() {
        Assumptions.assumeTrue(anotherInstance().isPresent(), "this adapter keeps each instance's own buckets");
        RateLimitPort other = anotherInstance().orElseThrow();
        RateLimit three = freshLimit(3, Duration.ofHours(1));

        assertThat(limits().tryConsume(three, "shared@example.com")).isEmpty();
        assertThat(other.tryConsume(three, "shared@example.com")).isEmpty();
        assertThat(limits().tryConsume(three, "shared@example.com")).isEmpty();

        assertThat(other.tryConsume(three, "shared@example.com"))
                .as("the fourth, on the other instance")
                .isPresent();
        assertThat(limits().probe(three, "shared@example.com")).isPresent();
    }
}
