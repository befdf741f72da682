package com.latchkey.adapters.keycache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.domain.KeyId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last use of keys, written behind: a use is noted in memory, to the minute, and written to the
 * store later by {@link #flush()} (on a schedule, never on the request's path), at most once per
 * key and minute from this instance. An integration calling a thousand times a minute costs one
 * write a minute, and a store that is down costs the call nothing (the use is kept and tried again).
 */
final class KeyUsesWrittenBehind implements RecordKeyUsePort {

    private static final Logger LOG = LoggerFactory.getLogger(KeyUsesWrittenBehind.class);

    /** Keys whose last written minute is remembered, so that one minute is written once; beyond it a key may be written twice. */
    static final int REMEMBERED = 200_000;

    private final RecordKeyUsePort store;
    /** The minute of each key's newest use not yet written. */
    private final Map<KeyId, Instant> unwritten = new ConcurrentHashMap<>();
    /** The newest minute written for each key. */
    private final Cache<KeyId, Instant> written;

    private final AtomicLong writes = new AtomicLong();

    KeyUsesWrittenBehind(RecordKeyUsePort store) {
        this.store = store;
        this.written = Caffeine.newBuilder()
                .maximumSize(REMEMBERED)
                .expireAfterWrite(Duration.ofMinutes(2))
                .build();
    }

    @Override
    public void used(KeyId key, Instant at) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        Instant already = written.getIfPresent(key);
        if (already != null && !minute.isAfter(already)) {
            return;
        }
        unwritten.merge(key, minute, (kept, newer) -> newer.isAfter(kept) ? newer : kept);
    }

    private volatile boolean failing;

    /** Writes every noted use; one the store refuses is kept for the next flush (unless a newer use replaced it). */
    void flush() {
        for (KeyId key : unwritten.keySet()) {
            Instant minute = unwritten.remove(key);
            if (minute == null) {
                continue;
            }
            try {
                store.used(key, minute);
                writes.incrementAndGet();
                written.asMap().merge(key, minute, (kept, newer) -> newer.isAfter(kept) ? newer : kept);
            } catch (RuntimeException storeDown) {
                unwritten.merge(key, minute, (kept, newer) -> newer.isAfter(kept) ? newer : kept);
                if (!failing) {
                    LOG.warn(
                            "last uses of keys not written ({}); kept in memory and tried again",
                            storeDown.getClass().getSimpleName());
                    failing = true;
                }
                return;
            }
        }
        if (failing) {
            LOG.info("last uses of keys are written again");
            failing = false;
        }
    }

    /** How many writes reached the store since start. */
    long writes() {
        return writes.get();
    }
}
