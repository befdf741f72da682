package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.domain.ApiKey.Verification;
import com.latchkey.domain.ApiKey.Verification.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeyLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(24);
    private final EmailAddress owner = EmailAddress.of("owner@example.com");
    private final KeyRequest request =
            KeyRequest.accept(RequestId.random(), owner, OwnerName.of("Owner"), T0.minusSeconds(5));
    private final ApiKey minted = ApiKey.mint(
            KeyId.random(),
            request,
            StoreId.random(),
            new KeyDigest("ab".repeat(32)),
            new KeyHint("eck_abcd"),
            T0,
            WINDOW);

    @Test
    void mintedKeyNeverVerifies() {
        assertThat(minted.status()).isEqualTo(KeyStatus.MINTED);
        assertThat(minted.verify(owner, T0)).isEqualTo(new Verification.Rejected(Reason.INVALID_CREDENTIALS));
    }

    @Test
    void undeliveredKeyNeverVerifies() {
        ApiKey undelivered = minted.undelivered();

        assertThat(undelivered.status()).isEqualTo(KeyStatus.UNDELIVERED);
        assertThat(undelivered.verify(owner, T0)).isEqualTo(new Verification.Rejected(Reason.INVALID_CREDENTIALS));
    }

    @Test
    void deliveredKeyBecomesActiveWhenItsOwnerVerifies() {
        ApiKey pending = minted.delivered();

        Verification verification = pending.verify(EmailAddress.of("owner@EXAMPLE.com"), T0.plusSeconds(60));

        assertThat(verification).isInstanceOf(Verification.Verified.class);
        Verification.Verified verified = (Verification.Verified) verification;
        assertThat(verified.changed()).isTrue();
        assertThat(verified.key().status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(verified.key().verifiedAt()).contains(T0.plusSeconds(60));
    }

    @Test
    void verifyingAnActiveKeyAgainChangesNothing() {
        ApiKey active = ((Verification.Verified) minted.delivered().verify(owner, T0)).key();

        Verification again = active.verify(owner, T0.plus(Duration.ofDays(30)));

        assertThat(again).isEqualTo(new Verification.Verified(active, false));
        assertThat(active.verifiedAt()).contains(T0);
    }

    @Test
    void anotherEmailIsRefusedLikeAWrongKey() {
        ApiKey pending = minted.delivered();

        assertThat(pending.verify(EmailAddress.of("other@example.com"), T0))
                .isEqualTo(new Verification.Rejected(Reason.INVALID_CREDENTIALS));
    }

    @Test
    void pendingKeyExpiresAfterTheWindow() {
        ApiKey pending = minted.delivered();

        assertThat(pending.verify(owner, T0.plus(WINDOW).minusMillis(1))).isInstanceOf(Verification.Verified.class);
        assertThat(pending.verify(owner, T0.plus(WINDOW))).isEqualTo(new Verification.Rejected(Reason.EXPIRED));
    }

    @Test
    void onlyAMintedKeyCanBeDeliveredOrUndelivered() {
        ApiKey pending = minted.delivered();

        assertThatThrownBy(pending::delivered).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(pending::undelivered).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringHoldsNeitherDigestNorFullEmail() {
        assertThat(minted.toString())
                .doesNotContain("abab")
                .doesNotContain("owner@")
                .contains("o***@example.com");
    }
}
