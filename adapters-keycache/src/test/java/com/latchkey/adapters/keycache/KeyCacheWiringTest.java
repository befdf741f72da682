package com.latchkey.adapters.keycache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.OwnerName;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.StoreId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cache decorates whichever store is chosen: asked for by name it is the cache, unnamed the store itself. */
class KeyCacheWiringTest {

    private static final EmailAddress OWNER = EmailAddress.of("jane@example.com");

    private static ApplicationContext context(String ttl) {
        ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of(
                        "test.store", "true", "latchkey.key-cache-ttl", ttl, "latchkey.key-use-flush-interval", "15s"))
                .build();
        context.registerSingleton(Clock.class, Clock.systemUTC());
        return context.start();
    }

    @Test
    void byNameTheKeyPortsAreTheCachedOnesAndChangesMadeThroughThemAreSeenAtOnce() {
        try (ApplicationContext context = context("PT2S")) {
            TestStore store = context.getBean(TestStore.class);
            LoadApiKeyPort cached = context.getBean(LoadApiKeyPort.class, Qualifiers.byName("cached"));
            SaveApiKeyPort cachedSaving = context.getBean(SaveApiKeyPort.class, Qualifiers.byName("cached"));
            ApiKey active = activeKeyIn(store);

            assertThat(context.getBean(LoadApiKeyPort.class))
                    .as("unnamed: the store's own")
                    .isSameAs(store);
            assertThat(cached).isNotSameAs(store).isSameAs(cachedSaving);
            assertThat(cached.loadByDigest(active.digest())).contains(active);

            store.save(active.revoke()); // straight in the store, as another instance would
            assertThat(cached.loadByDigest(active.digest()).orElseThrow().status())
                    .as("served from memory within the bound")
                    .isEqualTo(KeyStatus.ACTIVE);

            ApiKey revokedHere = store.loadByDigest(active.digest()).orElseThrow();
            store.save(active);
            assertThat(cachedSaving.compareAndSet(active, revokedHere)).isTrue();
            assertThat(cached.loadByDigest(active.digest()).orElseThrow().status())
                    .as("a change made through the cache replaces what it holds at once")
                    .isEqualTo(KeyStatus.REVOKED);
        }
    }

    @Test
    void aCacheTurnedOffReadsTheStoreEveryTime() {
        try (ApplicationContext context = context("PT0S")) {
            TestStore store = context.getBean(TestStore.class);
            LoadApiKeyPort cached = context.getBean(LoadApiKeyPort.class, Qualifiers.byName("cached"));
            ApiKey active = activeKeyIn(store);
            cached.loadByDigest(active.digest());

            store.save(active.revoke());

            assertThat(cached.loadByDigest(active.digest()).orElseThrow().status())
                    .isEqualTo(KeyStatus.REVOKED);
        }
    }

    @Test
    void aBoundThatIsNotADurationStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> context("2 seconds").close())
                .hasStackTraceContaining("LATCHKEY_KEY_CACHE_TTL must be an ISO-8601 duration such as PT2S");
    }

    @Test
    void byNameKeyUsesAreWrittenBehindUnnamedTheyGoToTheStoreAndAStopWritesWhatIsLeft() {
        ApplicationContext context = context("PT2S");
        TestStore store = context.getBean(TestStore.class);
        RecordKeyUsePort behind = context.getBean(RecordKeyUsePort.class, Qualifiers.byName("written-behind"));

        assertThat(context.getBean(RecordKeyUsePort.class)).isSameAs(store);
        behind.used(KeyId.random(), Instant.parse("2026-11-28T09:00:42Z"));
        assertThat(store.usesWritten).as("noted, not yet written").isEmpty();

        context.close();
        assertThat(store.usesWritten).containsExactly(Instant.parse("2026-11-28T09:00:00Z"));
    }

    @Test
    void aKeyLookedUpTwiceIsAMissThenAHit() {
        try (ApplicationContext context = context("PT1M")) {
            LoadApiKeyPort cached = context.getBean(LoadApiKeyPort.class, Qualifiers.byName("cached"));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            ApiKey active = activeKeyIn(context.getBean(TestStore.class));

            assertThat(cached.loadByDigest(active.digest())).contains(active);
            assertThat(lookups(meters, "miss")).as("read from the store").isEqualTo(1);
            assertThat(lookups(meters, "hit")).isZero();

            assertThat(cached.loadByDigest(active.digest())).contains(active);
            assertThat(lookups(meters, "miss")).isEqualTo(1);
            assertThat(lookups(meters, "hit")).as("answered from memory").isEqualTo(1);
        }
    }

    @Test
    void anUnknownKeyAndAKeyNotYetVerifiedAreMissesEveryTime() {
        try (ApplicationContext context = context("PT1M")) {
            LoadApiKeyPort cached = context.getBean(LoadApiKeyPort.class, Qualifiers.byName("cached"));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            TestStore store = context.getBean(TestStore.class);
            KeyDigest unknown = new KeyDigest("c".repeat(64));
            ApiKey pending = pendingKeyIn(store);

            for (int i = 0; i < 2; i++) {
                assertThat(cached.loadByDigest(unknown)).isEmpty();
                assertThat(cached.loadByDigest(pending.digest())).contains(pending);
            }

            assertThat(lookups(meters, "miss"))
                    .as("absences and unsettled keys are not kept")
                    .isEqualTo(4);
            assertThat(lookups(meters, "hit")).isZero();
        }
    }

    @Test
    void aCacheTurnedOffCountsNoLookups() {
        try (ApplicationContext context = context("PT0S")) {
            LoadApiKeyPort cached = context.getBean(LoadApiKeyPort.class, Qualifiers.byName("cached"));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            ApiKey active = activeKeyIn(context.getBean(TestStore.class));

            cached.loadByDigest(active.digest());
            cached.loadByDigest(active.digest());

            assertThat(lookups(meters, "miss")).isZero();
            assertThat(lookups(meters, "hit")).isZero();
        }
    }

    /** {@code latchkey_key_cache_lookups_total{outcome=...}} as Prometheus would read it. */
    private static double lookups(MeterRegistry meters, String outcome) {
        return meters.get("latchkey.key.cache.lookups")
                .tag("outcome", outcome)
                .meter()
                .measure()
                .iterator()
                .next()
                .getValue();
    }

    private static ApiKey activeKeyIn(TestStore store) {
        ApiKey active = ((ApiKey.Verification.Verified) pendingKeyIn(store).verify(OWNER, Instant.now())).key();
        store.save(active);
        return active;
    }

    /** A key of jane's, delivered and not yet verified, in the store. */
    private static ApiKey pendingKeyIn(TestStore store) {
        Instant now = Instant.now();
        PlainApiKey plain = ApiKeyFormat.withPrefix("eck_").mint(new Random()::nextInt);
        KeyRequest request = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane"), now);
        ApiKey pending = ApiKey.mint(
                        KeyId.random(),
                        request,
                        StoreId.random(),
                        new KeyDigest("a".repeat(32)
                                + Integer.toHexString(0x10000000 | new Random().nextInt(0x0fffffff))
                                + "b".repeat(24)),
                        plain.hint(),
                        now,
                        Duration.ofHours(1))
                .delivered();
        store.save(pending);
        return pending;
    }
}
