package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.in.AuthenticateIntegrationResult;
import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.in.RevokeApiKeyResult;
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
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Authentication of integrations and revocation, both by possession of the key. */
class IntegrationKeyServicesTest {

    private static final EmailAddress OWNER = EmailAddress.of("jane@example.com");
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final Random random = new Random(9);
    private final Fakes.Keys keys = new Fakes.Keys();
    private final Fakes.Audit audit = new Fakes.Audit();
    private final Fakes.Buckets buckets = new Fakes.Buckets();
    private final Fakes.KeyUses uses = new Fakes.KeyUses();
    private final PresentedKeys presentedKeys = new PresentedKeys(format, Fixtures.DIGEST, keys);
    private final AuthenticateIntegrationService authenticate =
            new AuthenticateIntegrationService(presentedKeys, audit, buckets, Fakes.limits(3), uses, Fixtures.CLOCK);
    private final RevokeApiKeyService revoke =
            new RevokeApiKeyService(presentedKeys, keys, audit, buckets, Fakes.limits(3), Fixtures.CLOCK);

    private PlainApiKey key(boolean verified) {
        PlainApiKey plain = format.mint(random::nextInt);
        KeyRequest request = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane's Shop"), Fixtures.NOW);
        ApiKey key = ApiKey.mint(
                        KeyId.random(),
                        request,
                        StoreId.random(),
                        Fixtures.DIGEST.digestOf(plain),
                        plain.hint(),
                        Fixtures.NOW,
                        Duration.ofHours(24))
                .delivered();
        if (verified) {
            key = ((ApiKey.Verification.Verified) key.verify(OWNER, Fixtures.NOW)).key();
        }
        keys.save(key);
        return plain;
    }

    private static PresentedKeyCommand bearer(String key) {
        return new PresentedKeyCommand(key, Fixtures.CLIENT);
    }

    @Test
    void activeKeyIdentifiesItsStore() {
        PlainApiKey active = key(true);

        AuthenticateIntegrationResult result = authenticate.authenticate(bearer(active.reveal()));

        assertThat(result).isInstanceOf(AuthenticateIntegrationResult.Authenticated.class);
        AuthenticateIntegrationResult.Authenticated store = (AuthenticateIntegrationResult.Authenticated) result;
        assertThat(store.storeId())
                .isEqualTo(keys.loadByDigest(Fixtures.DIGEST.digestOf(active))
                        .orElseThrow()
                        .storeId());
        assertThat(store.keyId())
                .isEqualTo(keys.loadByDigest(Fixtures.DIGEST.digestOf(active))
                        .orElseThrow()
                        .id());
        assertThat(store.status()).isEqualTo(KeyStatus.ACTIVE);
        assertThat(store.verifiedAt()).isEqualTo(Fixtures.NOW);
        assertThat(store.scopes()).isEmpty();
        assertThat(audit.events).isEmpty();
        assertThat(uses.used).as("an authentication is a use of the key").containsExactly(store.keyId());
    }

    @Test
    void unverifiedUnknownOrMalformedKeysAreRefused() {
        PlainApiKey pending = key(false);

        for (String presented :
                List.of(pending.reveal(), format.mint(random::nextInt).reveal(), "eck_x")) {
            assertThat(authenticate.authenticate(bearer(presented)))
                    .isInstanceOf(AuthenticateIntegrationResult.InvalidCredentials.class);
        }
        assertThat(audit.types()).containsOnly(SecurityEvent.Type.AUTHENTICATION_FAILED);
        assertThat(uses.used).as("a refused key was not used").isEmpty();
    }

    @Test
    void bearerFailuresPerClientAreLimitedButAnActiveKeyBehindThatAddressStillWorks() {
        PlainApiKey active = key(true);
        PlainApiKey revoked = key(true);
        revoke.revoke(bearer(revoked.reveal()));
        for (int i = 0; i < 3; i++) {
            authenticate.authenticate(bearer("eck_wrong"));
        }

        assertThat(authenticate.authenticate(bearer(revoked.reveal())))
                .isEqualTo(new AuthenticateIntegrationResult.RateLimited(Duration.ofMinutes(15)));
        assertThat(revoke.revoke(bearer(format.mint(random::nextInt).reveal())))
                .isInstanceOf(RevokeApiKeyResult.RateLimited.class);
        assertThat(authenticate.authenticate(bearer(active.reveal())))
                .as("a working integration behind the same address (a NAT) is never locked out")
                .isInstanceOf(AuthenticateIntegrationResult.Authenticated.class);
        assertThat(revoke.revoke(bearer(active.reveal()))).isInstanceOf(RevokeApiKeyResult.Revoked.class);
        assertThat(authenticate.authenticate(new PresentedKeyCommand("eck_wrong", new ClientAddress("198.51.100.3"))))
                .isInstanceOf(AuthenticateIntegrationResult.InvalidCredentials.class);
    }

    @Test
    void possessionOfAnActiveKeyRevokesItAndItStopsWorking() {
        PlainApiKey active = key(true);

        RevokeApiKeyResult result = revoke.revoke(bearer(active.reveal()));

        ApiKey stored = keys.loadByDigest(Fixtures.DIGEST.digestOf(active)).orElseThrow();
        assertThat(result).isEqualTo(new RevokeApiKeyResult.Revoked(stored.id()));
        assertThat(stored.status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(audit.types()).containsExactly(SecurityEvent.Type.REVOKED);
        assertThat(authenticate.authenticate(bearer(active.reveal())))
                .isInstanceOf(AuthenticateIntegrationResult.InvalidCredentials.class);
        assertThat(revoke.revoke(bearer(active.reveal()))).isInstanceOf(RevokeApiKeyResult.InvalidCredentials.class);
    }

    @Test
    void aDeliveredButUnverifiedKeyCanBeRevokedToo() {
        PlainApiKey pending = key(false);

        assertThat(revoke.revoke(bearer(pending.reveal()))).isInstanceOf(RevokeApiKeyResult.Revoked.class);
    }
}
