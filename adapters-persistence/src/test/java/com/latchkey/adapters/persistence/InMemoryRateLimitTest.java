package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.out.RateLimit;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The in-memory buckets of the embedded default forget refilled buckets, never an exhausted one. */
class InMemoryRateLimitTest {

    /** Bucket ids are digests of 40+ characters; the subject itself, padded, serves here. */
    private static final Function<String, String> PADDED_ID = id -> id + "x".repeat(40);

    private final RateLimit onePerHour = new RateLimit("verify-email", 1, Duration.ofHours(1));

    @Test
    void floodingWithNewSubjectsDoesNotResetAnExhaustedLimit() {
        EmbeddedRateLimitAdapter limits = new EmbeddedRateLimitAdapter(PADDED_ID);
        assertThat(limits.tryConsume(onePerHour, "target")).isEmpty();
        assertThat(limits.tryConsume(onePerHour, "target")).isPresent();

        for (int i = 0; i < 50_000; i++) {
            limits.probe(onePerHour, "flood-" + i);
            limits.tryConsume(onePerHour, "flood-" + i);
        }

        assertThat(limits.tryConsume(onePerHour, "target"))
                .as("still exhausted after the flood")
                .isPresent();
        assertThat(limits.tryConsume(onePerHour, "fresh"))
                .as("a subject never charged starts full")
                .isEmpty();
    }
}
