package com.latchkey.adapters.keycache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keys recently looked up for integrations, by digest. An entry is served only while it was read
 * from the store no longer than {@code bound} ago, so a change made by another instance (revoked,
 * rotated) is seen here within the bound; a change made on this instance replaces its entry at once.
 *
 * <p>The states of keys in use are read again in batches by {@link #refresh()}, run every {@link
 * #refreshInterval()} (a quarter of the bound) on the entries read half a bound ago or more: an
 * entry is at most three quarters of the bound old when refreshed, before it ages out. Integrations
 * calling all the time are answered from memory, and the store sees one query per batch of keys
 * instead of one per call. If a refresh fails, entries simply age out and calls read the store
 * again. Only found keys are kept, so guesses cannot fill it; a key not yet verified is always read
 * afresh.
 *
 * <p>Where the store tells of changes as they commit ({@link #listenTo(KeyChangesPort)}, PostgreSQL's
 * notifications), a key changed by another instance is dropped at once and the bound is only the
 * fallback: when changes may have gone unheard (hearing lost and found again), everything is
 * dropped. A read that started before a change was heard is not kept, since it may have seen the
 * state from before the change. While the store vouches that every change committed before a
 * recent moment has been heard ({@link KeyChangesPort.Listener#heardEverythingBefore}), a key read
 * from the store and not dropped since is as good as read at that moment, so keys in use are not
 * read back at all; once the vouching stops (hearing lost), they age from the last moment vouched
 * for, within the bound as before. A state this instance wrote itself is not vouched for (its
 * transaction may still have rolled back): it ages out within the bound and is read afresh.
 */
final class KeyStateCache {

    static final int MAX_ENTRIES = 200_000;
    // H2 checks each row of an IN list against every value: bigger batches cost it quadratically.
    private static final int REFRESH_BATCH = 200;
    /**
     * How long a key no call used stays while keys are vouched for (they cost no read-back then,
     * only memory): long enough for an integration calling now and then, not a bound's time.
     */
    static final Duration KEPT_IDLE_WHILE_VOUCHED = Duration.ofSeconds(60);
    /**
     * The longest a key is served after it was read, whatever is vouched (the bound included): a
     * key in use is read back before then, so that a change no notification told of (a trigger
     * switched off by hand) is seen within this at the latest. 10,000 keys in use cost a batch
     * read a second.
     */
    static final Duration VOUCHED_AT_MOST = Duration.ofSeconds(30);

    /**
     * A key as read from the store at {@code readAt} (or as changed here then, when not {@code
     * read}), when the call that read it came ({@code broughtAt}; null for a change made here), and
     * when a call was last served from memory with it.
     */
    private static final class Entry {
        final ApiKey key;
        final Instant readAt;
        final boolean read;
        final Instant broughtAt;
        volatile Instant servedAt;

        Entry(ApiKey key, Instant readAt, boolean read, Instant broughtAt, Instant servedAt) {
            this.key = key;
            this.readAt = readAt;
            this.read = read;
            this.broughtAt = broughtAt;
            this.servedAt = servedAt;
        }
    }

    /**
     * Bounded by Caffeine: past {@link #MAX_ENTRIES} the keys least likely to be used again make room
     * (an evicted key is only read from the store again), so a flood of keys never grows memory.
     */
    private final Map<KeyDigest, Entry> entries;
    /** When a change of each key was last heard of, for a bound's time: reads asked before then are not kept. */
    private final Map<KeyDigest, Instant> heardChanged = new ConcurrentHashMap<>();
    /** When everything was last dropped: reads asked before then are not kept. */
    private volatile Instant allDroppedAt = Instant.MIN;
    /** Every change committed elsewhere before this moment has been heard (and its key dropped). */
    private volatile Instant heardEverythingBefore = Instant.MIN;

    private final Duration bound;
    private final Clock clock;
    private final LoadApiKeyPort store;
    /** Lookups by digest answered from memory. */
    private final LongAdder hits = new LongAdder();
    /** Lookups by digest that read the store while the cache is on. */
    private final LongAdder misses = new LongAdder();

    KeyStateCache(Duration bound, Clock clock, LoadApiKeyPort store) {
        this(bound, clock, store, MAX_ENTRIES);
    }

    KeyStateCache(Duration bound, Clock clock, LoadApiKeyPort store, int maxEntries) {
        // A state written here weighs nothing, so it is never evicted for room: evicted, it would no
        // longer stop a read that began before the change committed from keeping the older state
        // (keep() refuses an active read over an ended entry). Refresh ages such entries out.
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxEntries)
                .<KeyDigest, Entry>weigher((digest, entry) -> entry.read ? 1 : 0)
                .executor(Runnable::run)
                .build()
                .asMap();
        this.bound = Objects.requireNonNull(bound, "bound");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        if (bound.isNegative()) {
            throw new IllegalArgumentException("the cache bound must not be negative");
        }
    }

    /**
     * The key with this digest: from memory if read within the bound and settled (a hit), else from
     * the store (a miss, found or not). A cache that is off counts neither: it is no cache.
     */
    Optional<ApiKey> find(KeyDigest digest) {
        Entry entry = entries.get(digest);
        Instant now = clock.instant();
        if (entry != null && fresh(entry, now) && !unsettled(entry.key)) {
            if (entry.servedAt == null || entry.servedAt.isBefore(now)) {
                entry.servedAt = now;
            }
            hits.increment();
            return Optional.of(entry.key);
        }
        if (!bound.isZero()) {
            misses.increment();
        }
        Optional<ApiKey> loaded = store.loadByDigest(digest);
        loaded.ifPresent(key -> keep(key, now));
        return loaded;
    }

    /** How many lookups by digest were answered from memory since start. */
    long hits() {
        return hits.sum();
    }

    /** How many lookups by digest read the store since start (the cache on). */
    long misses() {
        return misses.sum();
    }

    /** How many keys are held now. */
    int held() {
        return entries.size();
    }

    /** How often {@link #refresh()} should run; zero when the cache is off. */
    Duration refreshInterval() {
        return bound.dividedBy(4);
    }

    /**
     * Reads again, in batches, the states of the keys read (or vouched for) half a bound ago or more
     * that served a call within the bound, and forgets those that served none. Returns how many keys
     * were read.
     */
    int refresh() {
        Instant asked = clock.instant();
        synchronized (this) {
            if (!heardEverythingBefore.equals(Instant.MAX) && heardEverythingBefore.isAfter(asked)) {
                heardEverythingBefore = Instant.MIN; // the clock stepped back: vouched again by the next heartbeat
            }
        }
        Instant due = asked.minus(bound.dividedBy(2));
        boolean vouched = !heardEverythingBefore.isBefore(asked.minus(bound));
        Instant idleSince =
                asked.minus(vouched && KEPT_IDLE_WHILE_VOUCHED.compareTo(bound) > 0 ? KEPT_IDLE_WHILE_VOUCHED : bound);
        // A read asked a bound ago or more is never served, kept or not: its mark can go.
        heardChanged.values().removeIf(heardAt -> heardAt.isBefore(asked.minus(bound)));
        List<KeyDigest> wanted = new ArrayList<>();
        entries.forEach((digest, entry) -> {
            if (!fresh(entry, asked) || unsettled(entry.key)) {
                entries.remove(digest, entry);
            } else if (!entry.readAt.isAfter(due) && !usedSince(entry, idleSince, vouched)) {
                entries.remove(digest, entry); // in memory half a bound or more and no call since idleSince
            } else if (!validAt(entry).isAfter(due)) {
                wanted.add(digest);
            }
        });
        for (int from = 0; from < wanted.size(); from += REFRESH_BATCH) {
            List<KeyDigest> batch = wanted.subList(from, Math.min(from + REFRESH_BATCH, wanted.size()));
            Map<KeyDigest, KeyStatus> states = store.loadStatuses(batch);
            for (KeyDigest digest : batch) {
                KeyStatus state = states.get(digest);
                entries.computeIfPresent(digest, (same, held) -> {
                    if (held.readAt.isAfter(asked)) {
                        return held; // changed on this instance while the batch was read
                    }
                    if (held.key.status() == state) {
                        return new Entry(held.key, asked, true, held.broughtAt, held.servedAt);
                    }
                    // A state written here that the store does not show yet (its transaction not yet
                    // committed, or rolled back) ages out within the bound instead: dropped now, a read
                    // before the commit would be kept and stand.
                    // A key changes nothing but its state once settled; a changed one is read in full on its next call.
                    return held.read ? null : held;
                });
            }
        }
        return wanted.size();
    }

    /**
     * Records a change made on this instance: seen by every later lookup here at once. A key that
     * ended (revoked, expired) stays ended here whatever change of an earlier state is recorded
     * after it, as it does in the store. A change another instance made after this one was asked
     * for (heard of while it was stored) wins: the key is read afresh instead.
     */
    void replace(ApiKey key, Instant asked) {
        if (!bound.isZero()) {
            Entry changed = new Entry(key, clock.instant(), false, null, null);
            entries.compute(key.digest(), (digest, held) -> {
                if (heardOfAChangeSince(digest, asked)) {
                    return null;
                }
                return held != null && ended(held.key) && !ended(key) ? held : changed;
            });
        }
    }

    /**
     * Subscribes to the changes {@code changes} tells of: a key changed by any instance is dropped
     * at once, and everything when changes may have been missed. Nothing when the cache is off.
     */
    void listenTo(KeyChangesPort changes) {
        Objects.requireNonNull(changes, "changes");
        if (bound.isZero()) {
            return;
        }
        changes.subscribe(new KeyChangesPort.Listener() {
            @Override
            public void changed(KeyDigest digest) {
                drop(digest);
            }

            @Override
            public void mayHaveMissedChanges() {
                dropAll();
            }

            @Override
            public void heardEverythingBefore(Instant instant) {
                vouchedUntil(instant);
            }
        });
    }

    /** Forgets a key changed elsewhere, and that reads asked until now may hold its earlier state. */
    void drop(KeyDigest digest) {
        if (heardChanged.size() >= MAX_ENTRIES) {
            dropAll(); // a flood of changes: forgetting everything keeps the marks bounded
            return;
        }
        // The mark first: a read that keeps its key after the removal below sees the mark.
        markChanged(digest);
        entries.remove(digest);
    }

    /** Reads of this key asked until now are not kept. */
    private void markChanged(KeyDigest digest) {
        heardChanged.merge(digest, clock.instant(), (earlier, later) -> later.isAfter(earlier) ? later : earlier);
    }

    /** Every change committed elsewhere before {@code instant} has been heard: reads before then hold till then. */
    void vouchedUntil(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Instant now = clock.instant();
        // Never later than now (a clock stepped back): the vouch would cover reads not yet made.
        Instant upTo = instant.equals(Instant.MAX) || !instant.isAfter(now) ? instant : now;
        synchronized (this) {
            if (upTo.isAfter(heardEverythingBefore)) {
                heardEverythingBefore = upTo;
            }
        }
    }

    /** Forgets every key, and that reads asked until now may hold earlier states. */
    void dropAll() {
        allDroppedAt = clock.instant();
        entries.clear();
        heardChanged.clear();
        synchronized (this) {
            if (!heardEverythingBefore.equals(Instant.MAX)) {
                heardEverythingBefore = Instant.MIN; // vouched again once hearing is whole again
            }
        }
    }

    /** Wraps the port that stores keys so that every change made here replaces the cached state. */
    SaveApiKeyPort updating(SaveApiKeyPort saveApiKey) {
        Objects.requireNonNull(saveApiKey, "saveApiKey");
        return new SaveApiKeyPort() {
            @Override
            public void insert(ApiKey key) {
                saveApiKey.insert(key);
            }

            @Override
            public boolean compareAndSet(ApiKey read, ApiKey changed) {
                if (bound.isZero()) {
                    return saveApiKey.compareAndSet(read, changed); // nothing kept, nothing to mark
                }
                Instant asked = clock.instant();
                boolean stored = saveApiKey.compareAndSet(read, changed);
                if (stored) {
                    replace(changed, asked);
                } else {
                    entries.remove(read.digest()); // changed elsewhere: read it afresh
                }
                // Whichever way it went, a read asked before now may hold the state from before this
                // change (or before the one that beat it): not kept, even once the entry above is gone.
                markChanged(read.digest());
                return stored;
            }
        };
    }

    /** Keeps a key read at {@code asked}, unless this instance changed it since. */
    private void keep(ApiKey key, Instant asked) {
        if (bound.isZero() || unsettled(key)) {
            return;
        }
        // A read that took half a bound to come back may have been overtaken by a change whose mark
        // is already forgotten (marks are kept a bound): not kept.
        if (asked.isBefore(clock.instant().minus(bound.dividedBy(2)))) {
            return;
        }
        Entry read = new Entry(key, asked, true, asked, null);
        // A read never undoes a change made here since, nor brings an ended key back (a read that
        // started before a revoke here committed may come back with the key still active), nor
        // keeps a state from before a change heard of since it was asked. Checked inside compute,
        // atomically with drop()'s removal of the same key.
        entries.compute(key.digest(), (digest, held) -> {
            if (heardOfAChangeSince(digest, asked)) {
                return held;
            }
            if (held == null) {
                return read;
            }
            return held.readAt.isAfter(asked) || (ended(held.key) && !ended(key)) ? held : read;
        });
    }

    private boolean heardOfAChangeSince(KeyDigest digest, Instant asked) {
        if (!asked.isAfter(allDroppedAt)) {
            return true;
        }
        Instant heardAt = heardChanged.get(digest);
        return heardAt != null && !asked.isAfter(heardAt);
    }

    /**
     * Whether a call used the entry after {@code since}: served from memory, or (while vouched for,
     * when entries are never read back and their read is the call that brought them) read for one.
     */
    private static boolean usedSince(Entry entry, Instant since, boolean vouched) {
        Instant servedAt = entry.servedAt;
        Instant used = servedAt != null ? servedAt : vouched ? entry.broughtAt : null;
        return used != null && used.isAfter(since);
    }

    private boolean fresh(Entry entry, Instant now) {
        return !validAt(entry).isBefore(now.minus(bound));
    }

    /**
     * The latest moment the entry is known to have held: when it was read, or later if vouched for
     * since, up to {@link #VOUCHED_AT_MOST} after it was read.
     */
    private Instant validAt(Entry entry) {
        Instant vouched = heardEverythingBefore;
        if (!entry.read || !vouched.isAfter(entry.readAt)) {
            return entry.readAt;
        }
        // Served up to a bound after validAt: so the cap is VOUCHED_AT_MOST in all, bound included.
        Duration stretch = VOUCHED_AT_MOST.minus(bound);
        if (stretch.isNegative() || stretch.isZero()) {
            return entry.readAt;
        }
        Instant longest = entry.readAt.plus(stretch);
        return vouched.isBefore(longest) ? vouched : longest;
    }

    private static boolean ended(ApiKey key) {
        return key.status() == KeyStatus.REVOKED || key.status() == KeyStatus.EXPIRED;
    }

    private static boolean unsettled(ApiKey key) {
        return key.status() == KeyStatus.MINTED || key.status() == KeyStatus.PENDING;
    }
}
