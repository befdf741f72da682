package com.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    final TestClock clock = new TestClock(Instant.parse("2026-11-28T10:00:00Z"));
    final RetryPolicy policy =
            new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(10));
    final Backoff backoff = new Backoff(policy, clock, RandomGenerator.getDefault());

    @Test
    void eachBackoffLiesBetweenHalfItsCeilingAndItsCeilingWhichDoublesUpToTheMaximum() {
        long[] ceilings = {100, 200, 400, 800, 1000, 1000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            for (int draw = 0; draw < 200; draw++) {
                assertThat(backoff.after(attempt).toMillis())
                        .as("attempt %d", attempt)
                        .isBetween(ceilings[attempt - 1] / 2, ceilings[attempt - 1]);
            }
        }
    }

    @Test
    void theBackoffIsSpreadNotFixed() {
        assertThat(java.util.stream.IntStream.range(0, 50)
                        .mapToObj(draw -> backoff.after(3))
                        .distinct()
                        .count())
                .isGreaterThan(10);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(backoff.retryAfter("120")).contains(Duration.ofMinutes(2));
        assertThat(backoff.retryAfter(" 0 ")).contains(Duration.ZERO);
        assertThat(backoff.retryAfter("Sat, 28 Nov 2026 10:00:30 GMT")).contains(Duration.ofSeconds(30));
        assertThat(backoff.retryAfter("Sat, 28 Nov 2026 09:59:00 GMT")).contains(Duration.ZERO);
    }

    @Test
    void anythingElseIsNoRetryAfter() {
        assertThat(backoff.retryAfter(null)).isEmpty();
        assertThat(backoff.retryAfter("")).isEmpty();
        assertThat(backoff.retryAfter("soon")).isEmpty();
        assertThat(backoff.retryAfter("-5")).isEmpty();
        assertThat(backoff.retryAfter("1.5")).isEmpty();
    }
}
