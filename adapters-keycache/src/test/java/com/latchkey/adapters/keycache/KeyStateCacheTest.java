package com.latchkey.adapters.keycache;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyStateCacheTest {

    private static final EmailAddress OWNER = EmailAddress.of("jane@example.com");
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
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
    private final Keys keys = new Keys();
    private final AtomicInteger singleReads = new AtomicInteger();
    private final List<Integer> batchReads = new ArrayList<>();
    private Runnable duringBatchRead = () -> {};
    private Runnable duringSingleRead = () -> {};
    /** The store as the cache sees it: counts its reads, and can act while a batch is being read. */
    private final LoadApiKeyPort store = new LoadApiKeyPort() {
        @Override
        public Optional<ApiKey> loadByDigest(KeyDigest digest) {
            singleReads.incrementAndGet();
            Optional<ApiKey> read = keys.loadByDigest(digest);
            duringSingleRead.run();
            return read;
        }

        @Override
        public Map<KeyDigest, KeyStatus> loadStatuses(Collection<KeyDigest> digests) {
            batchReads.add(digests.size());
            Map<KeyDigest, KeyStatus> read = keys.loadStatuses(digests);
            duringBatchRead.run();
            return read;
        }

        @Override
        public List<ApiKey> loadByOwner(EmailAddress owner, KeyStatus status) {
            return keys.loadByOwner(owner, status);
        }

        @Override
        public Optional<ApiKey> loadById(KeyId id) {
            return keys.loadById(id);
        }

        @Override
        public List<ApiKey> loadByOwner(EmailAddress owner) {
            return keys.loadByOwner(owner);
        }

        @Override
        public List<ApiKey> lockOwner(EmailAddress owner) {
            return keys.lockOwner(owner);
        }
    };

    private final KeyStateCache cache = new KeyStateCache(Duration.ofSeconds(2), clock, store);
    /** The key a presented text names, as the integrations' lookup finds it through the cache. */
    private Optional<ApiKey> findCached(String presented) {
        return format.parse(presented).map(KeyStateCacheTest::digestOf).flatMap(cache::find);
    }

    /** A plain SHA-256 stands in for the HMAC: what matters here is that equal keys give equal digests. */
    private static KeyDigest digestOf(PlainApiKey key) {
        try {
            return new KeyDigest(java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(key.reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private PlainApiKey activeKey() {
        return activeKey(new Random(1));
    }

    private PlainApiKey activeKey(Random random) {
        PlainApiKey plain = format.mint(random::nextInt);
        KeyRequest request = KeyRequest.accept(RequestId.random(), OWNER, OwnerName.of("Jane"), NOW);
        ApiKey key = ApiKey.mint(
                        KeyId.random(),
                        request,
                        StoreId.random(),
                        digestOf(plain),
                        plain.hint(),
                        NOW,
                        Duration.ofHours(1))
                .delivered();
        keys.save(((ApiKey.Verification.Verified) key.verify(OWNER, NOW)).key());
        return plain;
    }

    @Test
    void aChangeMadeElsewhereIsSeenWithinTheBound() {
        PlainApiKey plain = activeKey();
        assertThat(findCached(plain.reveal()))
                .hasValueSatisfying(k -> assertThat(k.status()).isEqualTo(KeyStatus.ACTIVE));
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();
        keys.save(stored.revoke()); // another instance revokes it, straight in the database

        now.set(NOW.plusMillis(1_900));
        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);

        now.set(NOW.plusMillis(2_001));
        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aChangeMadeHereIsSeenAtOnce() {
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();

        cache.updating(keys).compareAndSet(stored, stored.revoke());

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aReadThatStartedBeforeARevokeHereNeverBringsTheKeyBack() {
        PlainApiKey plain = activeKey();
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();
        duringSingleRead = () -> {
            duringSingleRead = () -> {};
            cache.updating(keys).compareAndSet(stored, stored.revoke()); // at the same instant, here
        };

        assertThat(findCached(plain.reveal()).orElseThrow().status())
                .as("the racing read itself saw the key before the revoke")
                .isEqualTo(KeyStatus.ACTIVE);
        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aKeyNotYetVerifiedIsAlwaysReadAfresh() {
        PlainApiKey plain = activeKey();
        ApiKey active = keys.loadByDigest(digestOf(plain)).orElseThrow();
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
                null,
                active.storeId());
        keys.save(pending);
        cache.updating(keys).compareAndSet(pending, pending); // delivered here
        keys.save(active); // verified on another instance

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);
    }

    @Test
    void keysInUseAreReadAgainInBatchesBeforeTheyAgeOut() {
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        now.set(NOW.plusMillis(1_100));
        findCached(plain.reveal());

        assertThat(cache.refresh()).isEqualTo(1);
        now.set(NOW.plusMillis(2_900)); // past the bound of the first read, within the refreshed one
        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);

        assertThat(singleReads).hasValue(1);
        assertThat(batchReads).containsExactly(1);
    }

    @Test
    void aRefreshSeesAChangeMadeElsewhere() {
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        findCached(plain.reveal());
        keys.save(keys.loadByDigest(digestOf(plain)).orElseThrow().revoke());

        now.set(NOW.plusMillis(1_100));
        cache.refresh();

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(singleReads).as("the changed key is read in full once").hasValue(2);
    }

    @Test
    void keysNoCallUsedWithinTheBoundAreForgottenNotRefreshed() {
        PlainApiKey once = activeKey();
        PlainApiKey idle = activeKey(new Random(3));
        findCached(once.reveal());
        findCached(idle.reveal());
        now.set(NOW.plusMillis(100));
        findCached(idle.reveal()); // served from memory once, then idle

        now.set(NOW.plusMillis(1_100));
        assertThat(cache.refresh()).as("only the key that served a call").isEqualTo(1);
        now.set(NOW.plusMillis(2_200));
        assertThat(cache.refresh()).as("idle for the whole bound").isZero();
        findCached(once.reveal());
        findCached(idle.reveal());

        assertThat(batchReads).containsExactly(1);
        assertThat(singleReads).hasValue(4);
    }

    @Test
    void aRefreshNeverUndoesAChangeMadeHereWhileItRead() {
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        findCached(plain.reveal());
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();
        now.set(NOW.plusMillis(1_100));
        duringBatchRead = () -> {
            now.set(NOW.plusMillis(1_110));
            cache.updating(keys).compareAndSet(stored, stored.revoke()); // revoked here after the batch read it ACTIVE
        };

        cache.refresh();

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void unknownKeysAreNotKept() {
        String guess = format.mint(new Random(2)::nextInt).reveal();

        assertThat(findCached(guess)).isEmpty();
        activeKey();
        assertThat(findCached(guess)).isEmpty();
    }

    /** The listener the cache subscribed with, as a port that tells of changes would hold it. */
    /** The store's keys, changed as {@code compareAndSet} says. */
    private SaveApiKeyPort storing(java.util.function.BiPredicate<ApiKey, ApiKey> compareAndSet) {
        return new SaveApiKeyPort() {
            @Override
            public void insert(ApiKey key) {
                keys.insert(key);
            }

            @Override
            public boolean compareAndSet(ApiKey read, ApiKey changed) {
                return compareAndSet.test(read, changed);
            }
        };
    }

    private KeyChangesPort.Listener listening() {
        List<KeyChangesPort.Listener> subscribed = new ArrayList<>();
        cache.listenTo(subscribed::add);
        assertThat(subscribed).hasSize(1);
        return subscribed.getFirst();
    }

    @Test
    void aChangeHeardOfIsSeenAtOnceWhateverTheBound() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();
        keys.save(stored.revoke()); // revoked on another instance, which the store tells of

        changes.changed(stored.digest());

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aReadThatStartedBeforeAChangeWasHeardOfIsNotKept() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();
        duringSingleRead = () -> {
            duringSingleRead = () -> {};
            keys.save(stored.revoke()); // committed elsewhere after this read saw the key active
            changes.changed(stored.digest());
        };

        assertThat(findCached(plain.reveal()).orElseThrow().status())
                .as("the racing read itself saw the key before the revoke")
                .isEqualTo(KeyStatus.ACTIVE);
        now.set(NOW.plusMillis(10));
        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(singleReads).hasValue(2);
    }

    @Test
    void aChangeMadeHereNeverOverwritesAChangeHeardOfWhileItWasStored() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        ApiKey active = keys.loadByDigest(digestOf(plain)).orElseThrow();
        SaveApiKeyPort racing = storing((read, changed) -> {
            boolean stored = keys.compareAndSet(read, changed);
            keys.save(active.revoke()); // revoked on another instance right after, and told of
            changes.changed(active.digest());
            return stored;
        });

        cache.updating(racing).compareAndSet(active, active); // a change made here, stored first

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void whenChangesMayHaveGoneUnheardEveryKeyIsReadAfresh() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey first = activeKey();
        PlainApiKey second = activeKey(new Random(3));
        findCached(first.reveal());
        findCached(second.reveal());
        for (PlainApiKey plain : List.of(first, second)) {
            keys.save(keys.loadByDigest(digestOf(plain)).orElseThrow().revoke()); // while hearing was lost
        }

        changes.mayHaveMissedChanges();

        now.set(NOW.plusMillis(10));
        assertThat(findCached(first.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(findCached(second.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(findCached(second.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(singleReads).as("each read once afresh, then kept").hasValue(4);
    }

    @Test
    void keysVouchedForByHearingAreServedPastTheBoundAndNeverReadBack() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        for (int tenth = 1; tenth <= 50; tenth++) { // five seconds of calls, vouched for as they go
            now.set(NOW.plusMillis(tenth * 100L));
            changes.heardEverythingBefore(now.get().minusMillis(350));
            assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);
            if (tenth % 5 == 0) {
                assertThat(cache.refresh()).isZero();
            }
        }

        assertThat(singleReads).hasValue(1);
        assertThat(batchReads).isEmpty();
    }

    @Test
    void onceVouchingStopsKeysAgeFromTheLastMomentVouchedFor() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        now.set(NOW.plusSeconds(10));
        changes.heardEverythingBefore(NOW.plusSeconds(10));
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();
        keys.save(stored.revoke()); // after hearing was lost: never told

        now.set(NOW.plusMillis(11_900));
        assertThat(findCached(plain.reveal()).orElseThrow().status())
                .as("within the bound of the last moment vouched for")
                .isEqualTo(KeyStatus.ACTIVE);
        now.set(NOW.plusMillis(12_001));
        assertThat(findCached(plain.reveal()).orElseThrow().status())
                .as("past it: read afresh")
                .isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aStateWrittenHereIsNotVouchedForAndIsReadAfreshWithinTheBound() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        ApiKey active = keys.loadByDigest(digestOf(plain)).orElseThrow();
        // Written here, then rolled back by its transaction: the store keeps the key active.
        SaveApiKeyPort rolledBack = storing((read, changed) -> true);
        cache.updating(rolledBack).compareAndSet(active, active.revoke());

        now.set(NOW.plusMillis(2_100));
        changes.heardEverythingBefore(now.get());

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.ACTIVE);
    }

    @Test
    void whileVouchedForAKeyCalledNowAndThenStaysAndOneIdleForAMinuteIsForgotten() {
        KeyChangesPort.Listener changes = listening();
        changes.heardEverythingBefore(Instant.MAX);
        PlainApiKey nowAndThen = activeKey();
        PlainApiKey idle = activeKey(new Random(3));
        findCached(nowAndThen.reveal());
        findCached(idle.reveal());

        now.set(NOW.plusSeconds(20));
        assertThat(cache.refresh()).isZero();
        findCached(nowAndThen.reveal());
        now.set(NOW.plus(KeyStateCache.VOUCHED_AT_MOST).minusSeconds(1));
        assertThat(cache.refresh())
                .as("both read back half a minute after their read")
                .isEqualTo(2);
        now.set(NOW.plus(KeyStateCache.VOUCHED_AT_MOST.multipliedBy(2)).minusSeconds(2));
        assertThat(cache.refresh()).as("and again: both used within the minute").isEqualTo(2);
        now.set(NOW.plus(KeyStateCache.KEPT_IDLE_WHILE_VOUCHED).plusSeconds(1));
        assertThat(cache.refresh()).isZero();
        findCached(nowAndThen.reveal());
        findCached(idle.reveal());

        assertThat(singleReads)
                .as("each read once; then only the key idle for a minute, forgotten, is read again")
                .hasValue(3);
        assertThat(batchReads).containsExactly(2, 2);
    }

    @Test
    void evenWhileVouchedForAKeyInUseIsReadBackOnceItsReadIsHalfAMinuteOld() {
        KeyChangesPort.Listener changes = listening();
        changes.heardEverythingBefore(Instant.MAX);
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        ApiKey stored = keys.loadByDigest(digestOf(plain)).orElseThrow();
        keys.save(stored.revoke()); // a change no notification told of

        now.set(NOW.plus(KeyStateCache.VOUCHED_AT_MOST).minusSeconds(2)); // less the bound: served till 30 s
        findCached(plain.reveal());
        assertThat(cache.refresh()).as("within the longest vouch: no read-back").isZero();
        now.set(NOW.plus(KeyStateCache.VOUCHED_AT_MOST).minusSeconds(1)); // and half a bound later, read back
        assertThat(cache.refresh()).isEqualTo(1);

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
    }

    @Test
    void aReadThatTookHalfABoundToComeBackIsNotKept() {
        PlainApiKey plain = activeKey();
        duringSingleRead = () -> now.set(now.get().plusMillis(1_001));

        findCached(plain.reveal());
        duringSingleRead = () -> {};
        findCached(plain.reveal());

        assertThat(singleReads).hasValue(2);
    }

    @Test
    void aReadAskedBeforeAChangeHereThatLostItsRaceIsNotKept() {
        PlainApiKey plain = activeKey();
        ApiKey active = keys.loadByDigest(digestOf(plain)).orElseThrow();
        SaveApiKeyPort store = storing((read, changed) -> keys.compareAndSet(read, changed));
        // A call reads the key active; before it comes back, one revoke commits and a second, made
        // here, loses to it.
        duringSingleRead = () -> {
            duringSingleRead = () -> {};
            now.set(now.get().plusMillis(5));
            keys.save(active.revoke());
            assertThat(cache.updating(store).compareAndSet(active, active.revoke()))
                    .isFalse();
        };

        assertThat(findCached(plain.reveal()).orElseThrow().status())
                .as("the racing read itself saw the key before the revoke")
                .isEqualTo(KeyStatus.ACTIVE);
        now.set(now.get().plusMillis(5));

        assertThat(findCached(plain.reveal()).orElseThrow().status()).isEqualTo(KeyStatus.REVOKED);
        assertThat(singleReads).hasValue(2);
    }

    @Test
    void aVouchIsNeverLaterThanNow() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        findCached(plain.reveal());
        changes.heardEverythingBefore(NOW.plusSeconds(10)); // a clock ahead of this one

        now.set(NOW.plusMillis(2_100));
        findCached(plain.reveal());

        assertThat(singleReads)
                .as("vouched only until now, which the bound has passed")
                .hasValue(2);
    }

    @Test
    void aVouchEndsWhenChangesMayHaveBeenMissed() {
        KeyChangesPort.Listener changes = listening();
        PlainApiKey plain = activeKey();
        now.set(NOW.plusMillis(1_000));
        changes.heardEverythingBefore(now.get());
        changes.mayHaveMissedChanges();
        now.set(NOW.plusMillis(1_001));
        findCached(plain.reveal());

        now.set(NOW.plusMillis(2_500));
        cache.refresh();
        findCached(plain.reveal());

        assertThat(batchReads)
                .as("no longer vouched for: a key no call used within the bound is forgotten, not read back")
                .isEmpty();
        assertThat(singleReads).hasValue(2);
    }

    @Test
    void aCacheThatIsOffListensToNothing() {
        List<KeyChangesPort.Listener> subscribed = new ArrayList<>();

        new KeyStateCache(Duration.ZERO, clock, store).listenTo(subscribed::add);

        assertThat(subscribed).isEmpty();
    }

    @Test
    void aFloodOfKeysInUseNeverHoldsMoreThanTheMaximumAndEveryKeyIsStillFound() {
        KeyStateCache small = new KeyStateCache(Duration.ofSeconds(2), clock, store, 50);
        Random random = new Random(7);
        List<PlainApiKey> plains = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            PlainApiKey plain = activeKey(random);
            plains.add(plain);
            small.find(digestOf(plain));
        }

        assertThat(small.held()).isLessThanOrEqualTo(50);
        singleReads.set(0);
        for (PlainApiKey plain : plains) {
            assertThat(small.find(digestOf(plain)))
                    .hasValueSatisfying(key -> assertThat(key.status()).isEqualTo(KeyStatus.ACTIVE));
        }
        assertThat(singleReads.get())
                .as("the keys not held are read from the store again")
                .isGreaterThanOrEqualTo(450);
    }

    @Test
    void aStateWrittenHereIsNeverEvictedForRoom() {
        KeyStateCache small = new KeyStateCache(Duration.ofSeconds(2), clock, store, 10);
        PlainApiKey revokedHere = activeKey(new Random(11));
        ApiKey stored = keys.loadByDigest(digestOf(revokedHere)).orElseThrow();
        small.updating(keys).compareAndSet(stored, stored.revoke());
        Random random = new Random(12);
        for (int i = 0; i < 200; i++) {
            small.find(digestOf(activeKey(random)));
        }
        keys.save(stored); // the store answers the older state now, as a read begun before the revoke would

        assertThat(small.find(digestOf(revokedHere)).orElseThrow().status())
                .as("still the state written here: a read of the older state cannot take its place")
                .isEqualTo(KeyStatus.REVOKED);
    }
}
