package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    private final DeliveryPolicy policy = Fixtures.POLICY;
    private final Random random = new Random(1);

    @Test
    void backoffDoublesWithEachFailureWithinItsJitterBand() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            long step = 10_000L << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                assertThat(policy.backoffAfter(attempt, random).toMillis()).isBetween(step / 2, step);
            }
        }
    }

    @Test
    void backoffIsCappedAtTheMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoffAfter(40, random)).isLessThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void jitterSpreadsRetries() {
        Set<Duration> waits = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            waits.add(policy.backoffAfter(2, random));
        }
        assertThat(waits).hasSizeGreaterThan(40);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new DeliveryPolicy(
                        0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofHours(1)))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new DeliveryPolicy(
                        1,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        1,
                        Duration.ofHours(1)))
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> new DeliveryPolicy(
                        1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 1, Duration.ofHours(1)))
                .hasMessageContaining("lease");
    }
}
