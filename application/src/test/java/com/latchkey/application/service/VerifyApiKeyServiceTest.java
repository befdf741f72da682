package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.SecurityEvent;
import com.latchkey.domain.StoreId;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerifyApiKeyServiceTest {

    private static final EmailAddress OWNER = EmailAddress.of("jane@example.com");
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final Random random = new Random(3);
    private final Fakes.Keys keys = new Fakes.Keys();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final Fakes.Buckets buckets = new Fakes.Buckets();
    private final Fakes.KeyUses uses = new Fakes.KeyUses();

    private VerifyApiKeyService serviceAt(Clock clock) {
        return new VerifyApiKeyService(
                new PresentedKeys(format, Fixtures.DIGEST, keys),
                keys,
                keys,
                Fakes.DIRECT,
                audit,
                buckets,
                Fakes.limits(5),
                uses,
                clock);
    }

    private VerifyApiKeyResult verify(EmailAddress email, String key) {
        return serviceAt(Fixtures.CLOCK).verify(new VerifyApiKeyCommand(email, key, Fixtures.CLIENT));
    }

    /** Delivers a new key to {@code owner}, stores it, and answers the plaintext. */
    private PlainApiKey delivered(EmailAddress owner) {
        PlainApiKey plain = format.mint(random::nextInt);
        KeyRequest request = KeyRequest.accept(RequestId.random(), owner, OwnerName.of("Jane"), Fixtures.NOW);
        keys.save(ApiKey.mint(
                        KeyId.random(),
                        request,
                        StoreId.random(),
                        Fixtures.DIGEST.digestOf(plain),
                        plain.hint(),
                        Fixtures.NOW,
                        Duration.ofHours(24))
                .delivered());
        return plain;
    }

    private ApiKey stored(PlainApiKey plain) {
        return keys.loadByDigest(Fixtures.DIGEST.digestOf(plain)).orElseThrow();
    }

    @Test
    void matchingEmailAndKeyActivateTheKey() {
        PlainApiKey key = delivered(OWNER);

        VerifyApiKeyResult result = verify(OWNER, " " + key.reveal() + " ");

        assertThat(result).isEqualTo(new VerifyApiKeyResult.Verified(stored(key).id(), Fixtures.NOW));
        assertThat(stored(key).status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.VERIFIED);
        assertThat(uses.used)
                .as("a verification is a use of the key")
                .containsExactly(stored(key).id());
    }

    @Test
    void verifyingAnActiveKeyAgainSucceedsAndChangesNothing() {
        PlainApiKey key = delivered(OWNER);
        verify(OWNER, key.reveal());
        ApiKey active = stored(key);

        VerifyApiKeyResult again = serviceAt(Clock.offset(Fixtures.CLOCK, Duration.ofDays(3)))
                .verify(new VerifyApiKeyCommand(OWNER, key.reveal(), Fixtures.CLIENT));

        assertThat(again).isEqualTo(new VerifyApiKeyResult.Verified(active.id(), Fixtures.NOW));
        assertThat(stored(key)).isSameAs(active);
        assertThat(uses.used).containsExactly(active.id(), active.id());
    }

    @Test
    void verifyingANewKeyRevokesThePreviouslyActiveOne() {
        PlainApiKey first = delivered(OWNER);
        verify(OWNER, first.reveal());
        PlainApiKey second = delivered(OWNER);

        assertThat(verify(OWNER, second.reveal())).isInstanceOf(VerifyApiKeyResult.Verified.class);

        assertThat(stored(first).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(stored(second).status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(audit.types()).contains(SecurityEvent.Type.ROTATED);
        assertThat(verify(OWNER, first.reveal())).isInstanceOf(VerifyApiKeyResult.Revoked.class);
    }

    @Test
    void anotherEmailUnknownKeyAndMalformedKeyAreAllInvalidCredentials() {
        PlainApiKey key = delivered(OWNER);
        String tampered = key.reveal().substring(0, 10)
                + (key.reveal().charAt(10) == 'x' ? 'y' : 'x')
                + key.reveal().substring(11);

        assertThat(verify(EmailAddress.of("mallory@example.com"), key.reveal()))
                .isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        assertThat(verify(OWNER, format.mint(random::nextInt).reveal()))
                .isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        assertThat(verify(OWNER, "not-a-key")).isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        assertThat(verify(OWNER, tampered)).isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        assertThat(stored(key).status()).isEqualTo(KeyStatus.PENDING);
        assertThat(audit.types()).containsOnly(SecurityEvent.Type.VERIFY_FAILED);
        assertThat(uses.used).as("a failed verification is no use of the key").isEmpty();
    }

    @Test
    void keyPastItsWindowIsExpiredAndStaysSo() {
        PlainApiKey key = delivered(OWNER);

        VerifyApiKeyResult result = serviceAt(Clock.fixed(Fixtures.NOW.plus(Duration.ofHours(25)), ZoneOffset.UTC))
                .verify(new VerifyApiKeyCommand(OWNER, key.reveal(), Fixtures.CLIENT));

        assertThat(result).isInstanceOf(VerifyApiKeyResult.Expired.class);
        assertThat(stored(key).status()).isEqualTo(KeyStatus.EXPIRED);
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.EXPIRED);
        assertThat(verify(OWNER, key.reveal())).isInstanceOf(VerifyApiKeyResult.Expired.class);
    }

    @Test
    void failedVerificationsPerEmailAreLimitedButTheRightKeyStillVerifies() {
        PlainApiKey key = delivered(OWNER);
        for (int i = 0; i < 5; i++) {
            verify(OWNER, format.mint(random::nextInt).reveal());
        }

        assertThat(verify(
                        EmailAddress.of("Jane@EXAMPLE.com"),
                        format.mint(random::nextInt).reveal()))
                .as("the owner's bucket of failures is empty, whatever the case of the email")
                .isEqualTo(new VerifyApiKeyResult.RateLimited(Duration.ofMinutes(15)));
        assertThat(audit.types()).endsWith(SecurityEvent.Type.RATE_LIMITED);
        assertThat(audit.events.get(audit.events.size() - 1).detail()).isEqualTo("verification: verify-email");

        assertThat(verify(OWNER, key.reveal()))
                .as("a correct key is never refused: guesses in the owner's name cannot lock them out")
                .isInstanceOf(VerifyApiKeyResult.Verified.class);
        assertThat(stored(key).status()).isEqualTo(KeyStatus.ACTIVE);
    }

    @Test
    void aKeyPairedWithWrongEmailsTooOftenAnswersNothingAboutItsOwner() {
        PlainApiKey leaked = delivered(OWNER);
        for (int i = 0; i < 5; i++) {
            assertThat(verify(EmailAddress.of("guess" + i + "@example.com"), leaked.reveal()))
                    .isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
        }

        assertThat(verify(EmailAddress.of("guess5@example.com"), leaked.reveal()))
                .isInstanceOf(VerifyApiKeyResult.RateLimited.class);
        assertThat(verify(OWNER, leaked.reveal()))
                .as("the right email no longer tells itself apart: the holder of a leaked key cannot find its owner")
                .isInstanceOf(VerifyApiKeyResult.RateLimited.class);
        assertThat(audit.events.get(audit.events.size() - 1).detail()).isEqualTo("verification: verify-email per key");
        assertThat(stored(leaked).status()).isEqualTo(KeyStatus.PENDING);
        PlainApiKey another = delivered(EmailAddress.of("joe@example.com"));
        assertThat(verify(EmailAddress.of("joe@example.com"), another.reveal()))
                .as("other keys are not affected")
                .isInstanceOf(VerifyApiKeyResult.Verified.class);
    }

    @Test
    void aVerificationThatLosesToARevokeAnswersRevokedAndLeavesTheKeyRevoked() {
        PlainApiKey key = delivered(OWNER);
        ApiKey read = stored(key);
        SaveApiKeyPort racing = new SaveApiKeyPort() {
            @Override
            public void insert(ApiKey key) {
                keys.insert(key);
            }

            @Override
            public boolean compareAndSet(ApiKey before, ApiKey changed) {
                if (changed.status() == KeyStatus.ACTIVE && keys.statusOf(before) == KeyStatus.PENDING) {
                    keys.compareAndSet(read, read.revoke()); // revoked between our read and our write
                }
                return keys.compareAndSet(before, changed);
            }
        };
        VerifyApiKeyService service = new VerifyApiKeyService(
                new PresentedKeys(format, Fixtures.DIGEST, keys),
                keys,
                racing,
                Fakes.DIRECT,
                audit,
                buckets,
                Fakes.limits(5),
                uses,
                Fixtures.CLOCK);

        VerifyApiKeyResult result = service.verify(new VerifyApiKeyCommand(OWNER, key.reveal(), Fixtures.CLIENT));

        assertThat(result).isInstanceOf(VerifyApiKeyResult.Revoked.class);
        assertThat(stored(key).status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(audit.types()).doesNotContain(SecurityEvent.Type.VERIFIED);
    }

    @Test
    void oneOwnerWhateverTheCaseOfTheEmail() {
        PlainApiKey first = delivered(EmailAddress.of("Rot@x.example"));
        PlainApiKey second = delivered(EmailAddress.of("rot@x.example"));

        assertThat(verify(EmailAddress.of("ROT@x.example"), first.reveal()))
                .isInstanceOf(VerifyApiKeyResult.Verified.class);
        assertThat(verify(EmailAddress.of("rot@X.example"), second.reveal()))
                .isInstanceOf(VerifyApiKeyResult.Verified.class);

        assertThat(stored(first).status())
                .as("rotated out by the same owner's newer key")
                .isEqualTo(KeyStatus.REVOKED);
        assertThat(stored(second).status()).isEqualTo(KeyStatus.ACTIVE);
    }

    @Test
    void failedVerificationsPerClientAreLimitedAcrossEmails() {
        for (int i = 0; i < 20; i++) {
            verify(EmailAddress.of("guess" + i + "@example.com"), "eck_guess");
        }

        assertThat(verify(EmailAddress.of("fresh@example.com"), "eck_guess"))
                .isInstanceOf(VerifyApiKeyResult.RateLimited.class);
        assertThat(serviceAt(Fixtures.CLOCK)
                        .verify(new VerifyApiKeyCommand(
                                EmailAddress.of("fresh@example.com"), "eck_guess", new ClientAddress("198.51.100.9"))))
                .isInstanceOf(VerifyApiKeyResult.InvalidCredentials.class);
    }

    @Test
    void commandNeverPrintsTheKey() {
        PlainApiKey key = delivered(OWNER);
        assertThat(new VerifyApiKeyCommand(OWNER, key.reveal(), Fixtures.CLIENT).toString())
                .doesNotContain(key.reveal())
                .doesNotContain("jane@");
    }
}
