package com.latchkey.application.service;

import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.KeyStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys recently looked up for integrations, by digest, kept for at most {@code ttl}. A key changed
 * on this instance (revoked, rotated) replaces its entry at once; a change made by another instance
 * is seen here within {@code ttl}. Only found keys are kept, so guesses cannot fill it; a key not yet
 * verified is always read afresh.
 */
public final class KeyStateCache {

    private static final int MAX_ENTRIES = 200_000;

    private record Entry(ApiKey key, Instant loadedAt) {}

    private final Map<KeyDigest, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public KeyStateCache(Duration ttl, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the cache bound must not be negative");
        }
    }

    /** A key as loaded no longer than {@code ttl} ago, or as last changed on this instance. */
    Optional<ApiKey> get(KeyDigest digest) {
        Entry entry = entries.get(digest);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(entry.loadedAt().plus(ttl))) {
            entries.remove(digest, entry);
            return Optional.empty();
        }
        // A key that may still become active (verified on another instance) is read afresh, so a
        // newly verified key works everywhere at once; only settled states are served from here.
        return unsettled(entry.key()) ? Optional.empty() : Optional.of(entry.key());
    }

    /** Keeps a key just read, unless this instance changed it meanwhile to a settled state. */
    void offer(ApiKey key) {
        if (ttl.isZero()) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Entry loaded = new Entry(key, clock.instant());
        entries.compute(key.digest(), (digest, held) -> held == null || unsettled(held.key()) ? loaded : held);
    }

    private static boolean unsettled(ApiKey key) {
        return key.status() == KeyStatus.MINTED || key.status() == KeyStatus.PENDING;
    }

    /** Records a change made on this instance: seen by every later lookup here at once. */
    void replace(ApiKey key) {
        if (ttl.isZero()) {
            return;
        }
        entries.put(key.digest(), new Entry(key, clock.instant()));
    }

    /** Wraps the port that stores keys so that every change made here replaces the cached state. */
    public SaveApiKeyPort updating(SaveApiKeyPort saveApiKey) {
        Objects.requireNonNull(saveApiKey, "saveApiKey");
        return key -> {
            saveApiKey.save(key);
            replace(key);
        };
    }
}
