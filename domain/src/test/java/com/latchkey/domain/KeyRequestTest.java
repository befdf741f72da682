package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyRequestTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final KeyRequest accepted =
            KeyRequest.accept(RequestId.random(), EmailAddress.of("owner@example.com"), OwnerName.of("Owner"), T0);

    @Test
    void acceptedRequestIsPendingAndDueAtOnce() {
        assertThat(accepted.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(accepted.attempts()).isZero();
        assertThat(accepted.isDueAt(T0)).isTrue();
    }

    @Test
    void claimHoldsTheRequestForTheLease() {
        KeyRequest claimed = accepted.claim(T0, Duration.ofMinutes(2));

        assertThat(claimed.isDueAt(T0.plusSeconds(119))).isFalse();
        assertThat(claimed.isDueAt(T0.plusSeconds(120))).isTrue();
        assertThat(claimed.attempts()).isZero();
    }

    @Test
    void aReleasedClaimIsDueAtOnceWithNoAttemptCounted() {
        KeyRequest failedOnce = accepted.deliveryFailed(T0, T0.plusSeconds(30), 3, "MailConnectException");
        KeyRequest released =
                failedOnce.claim(T0.plusSeconds(30), Duration.ofMinutes(2)).released(T0.plusSeconds(90));

        assertThat(released.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(released.attempts()).isEqualTo(1);
        assertThat(released.isDueAt(T0.plusSeconds(90))).isTrue();
        assertThat(released.lastError()).contains("MailConnectException");
        assertThatThrownBy(() -> released.delivered(T0).released(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deliveryCountsTheAttemptAndEndsTheRequest() {
        KeyRequest sent = accepted.claim(T0, Duration.ofMinutes(2)).delivered(T0.plusSeconds(1));

        assertThat(sent.status()).isEqualTo(RequestStatus.SENT);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(sent.isDueAt(T0.plus(Duration.ofDays(1)))).isFalse();
        assertThatThrownBy(() -> sent.delivered(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failedAttemptRetriesLaterUntilTheLastAttempt() {
        KeyRequest once = accepted.deliveryFailed(T0, T0.plusSeconds(30), 3, "MailConnectException");

        assertThat(once.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(once.attempts()).isEqualTo(1);
        assertThat(once.isDueAt(T0.plusSeconds(29))).isFalse();
        assertThat(once.isDueAt(T0.plusSeconds(30))).isTrue();
        assertThat(once.lastError()).contains("MailConnectException");

        KeyRequest thrice = once.deliveryFailed(T0, T0, 3, "X").deliveryFailed(T0, T0, 3, "X");
        assertThat(thrice.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(thrice.attempts()).isEqualTo(3);
        assertThat(thrice.isDueAt(T0.plus(Duration.ofDays(1)))).isFalse();
    }
}
