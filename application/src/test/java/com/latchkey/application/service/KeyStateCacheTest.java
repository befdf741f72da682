package com.latchkey.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyStateCacheTest {

    private static final EmailAddress OWNER = EmailAddress.of("jane@example.com");
    private final AtomicReference<Instant> now = new AtomicReference<>(Fixtures.NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final ApiKeyFormat format = ApiKeyFormat.withPrefix("eck_");
    private final Fakes.Keys keys = new Fakes.Keys();
    private final KeyStateCache cache = new KeyStateCache(Duration.ofSeconds(2), clock);
    private final PresentedKeys presentedKeys = new PresentedKeys(format, Fixtures.DIGEST, keys, cache);

    private PlainApiKey activeKey() {
        PlainApiKey plain = format.mint(new Random(1)::nextInt);
        KeyRequest request = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane"), Fixtures.NOW);
        ApiKey key = ApiKey.mint(
                        KeyId.random(),
                        request,
                        Fixtures.DIGEST.digestOf(plain),
                        plain.hint(),
                        Fixtures.NOW,
                        Duration.ofHours(1))
                .delivered();
        keys.save(((ApiKey.Verification.Verified) key.verify(OWNER, Fixtures.NOW)).key());
        return plain;
    }

    @Test
    void aChangeMadeElsewhereIsSeenWithinTheBound() {
        PlainApiKey plain = activeKey();
        assertThat(presentedKeys.findCached(plain.reveal()))
                .hasValueSatisfying(k -> assertThat(k.status()).isEqualTo(KeyStatus.ACTIVE));
        ApiKey stored = keys.loadByDigest(Fixtures.DIGEST.digestOf(plain)).orElseThrow();
        keys.save(stored.revoke()); // another instance revokes it, straight in the database

        now.set(Fixtures.NOW.plusMillis(1_900));
        assertThat(presentedKeys.findCached(plain.reveal()).orElseThrow().status())
                .isEqualTo(KeyStatus.ACTIVE);

        now.set(Fixtures.NOW.plusMillis(2_001));
        assertThat(presentedKeys.findCached(plain.reveal()).orElseThrow().status())
                .isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aChangeMadeHereIsSeenAtOnce() {
        PlainApiKey plain = activeKey();
        presentedKeys.findCached(plain.reveal());
        ApiKey stored = keys.loadByDigest(Fixtures.DIGEST.digestOf(plain)).orElseThrow();

        cache.updating(keys).save(stored.revoke());

        assertThat(presentedKeys.findCached(plain.reveal()).orElseThrow().status())
                .isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aKeyNotYetVerifiedIsAlwaysReadAfresh() {
        PlainApiKey plain = activeKey();
        ApiKey active = keys.loadByDigest(Fixtures.DIGEST.digestOf(plain)).orElseThrow();
        ApiKey pending = ApiKey.restore(
                active.id(),
                active.requestId(),
                active.email(),
                active.ownerName(),
                active.digest(),
                active.hint(),
                KeyStatus.PENDING,
                active.mintedAt(),
                active.expiresAt(),
                null);
        cache.updating(keys).save(pending); // delivered here
        keys.save(active); // verified on another instance

        assertThat(presentedKeys.findCached(plain.reveal()).orElseThrow().status())
                .isEqualTo(KeyStatus.ACTIVE);
    }

    @Test
    void unknownKeysAreNotKept() {
        String guess = format.mint(new Random(2)::nextInt).reveal();

        assertThat(presentedKeys.findCached(guess)).isEmpty();
        activeKey();
        assertThat(presentedKeys.findCached(guess)).isEmpty();
    }
}
