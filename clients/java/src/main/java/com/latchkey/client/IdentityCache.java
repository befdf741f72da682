package com.latchkey.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short memory of {@link IdentifyResult.Identified} answers, keyed by an HMAC-SHA256 of the key under
 * a random secret of this cache (so neither the key nor a digest anyone else could compute is held).
 * Only identities are kept, never refusals; a revoke through the same client forgets the key at once.
 * A key revoked elsewhere may still be answered from here until its entry is {@code ttl} old.
 */
final class IdentityCache {

    private record Cached(IdentifyResult.Identified identity, Instant expiresAt) {}

    private final Duration ttl;
    private final Clock clock;
    private final byte[] secret = new byte[32];
    private final Map<String, Cached> entries;

    IdentityCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        new SecureRandom().nextBytes(secret);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized Optional<IdentifyResult.Identified> get(ApiKey key) {
        String digest = digest(key);
        Cached entry = entries.get(digest);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(digest);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    synchronized void put(ApiKey key, IdentifyResult.Identified identity) {
        entries.put(digest(key), new Cached(identity, clock.instant().plus(ttl)));
    }

    synchronized void forget(ApiKey key) {
        entries.remove(digest(key));
    }

    synchronized int size() {
        return entries.size();
    }

    /** The keys the cache is held under: what it would give away, were it dumped. */
    synchronized Set<String> digests() {
        return Set.copyOf(entries.keySet());
    }

    private String digest(ApiKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.value().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", missing);
        }
    }
}
