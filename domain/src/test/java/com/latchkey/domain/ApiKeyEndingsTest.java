package com.latchkey.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.domain.ApiKey.Verification;
import com.latchkey.domain.ApiKey.Verification.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeyEndingsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final EmailAddress owner = EmailAddress.of("owner@example.com");
    private final ApiKey pending = ApiKey.mint(
                    KeyId.random(),
                    KeyRequest.accept(RequestId.random(), owner, OwnerName.of("Owner"), T0),
                    StoreId.random(),
                    new KeyDigest("cd".repeat(32)),
                    new KeyHint("eck_wxyz"),
                    T0,
                    Duration.ofHours(24))
            .delivered();
    private final ApiKey active = ((Verification.Verified) pending.verify(owner, T0)).key();

    @Test
    void revokedKeyIsToldAsRevokedToItsOwnerOnly() {
        ApiKey revoked = active.revoke();

        assertThat(revoked.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(revoked.verify(owner, T0)).isEqualTo(new Verification.Rejected(Reason.REVOKED));
        assertThat(revoked.verify(EmailAddress.of("x@example.com"), T0))
                .isEqualTo(new Verification.Rejected(Reason.INVALID_CREDENTIALS));
        assertThat(revoked.admitsIntegrations()).isFalse();
    }

    @Test
    void pendingKeyCanBeRevokedTooButNotTwice() {
        ApiKey revoked = pending.revoke();

        assertThat(revoked.status()).isEqualTo(KeyStatus.REVOKED);
        assertThatThrownBy(revoked::revoke).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expiredKeyStaysExpired() {
        assertThat(pending.isExpiredAt(T0.plus(Duration.ofHours(24)))).isTrue();
        assertThat(pending.isExpiredAt(T0.plus(Duration.ofHours(23)))).isFalse();
        ApiKey expired = pending.expire();

        assertThat(expired.status()).isEqualTo(KeyStatus.EXPIRED);
        assertThat(expired.verify(owner, T0)).isEqualTo(new Verification.Rejected(Reason.EXPIRED));
        assertThatThrownBy(active::expire).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyAnActiveKeyAdmitsIntegrations() {
        assertThat(pending.admitsIntegrations()).isFalse();
        assertThat(active.admitsIntegrations()).isTrue();
    }

    @Test
    void auditRecordsRefuseFullEmails() {
        assertThat(SecurityEvent.of(SecurityEvent.Type.VERIFIED, T0, active, ClientAddress.UNKNOWN)
                        .maskedEmail())
                .isEqualTo("o***@example.com");
        assertThatThrownBy(() -> new SecurityEvent(
                        SecurityEvent.Type.REQUESTED, T0, null, "owner@example.com", ClientAddress.UNKNOWN, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
