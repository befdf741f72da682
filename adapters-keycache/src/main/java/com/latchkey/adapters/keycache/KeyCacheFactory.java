package com.latchkey.adapters.keycache;

import com.latchkey.application.port.out.KeyChangesPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The key-state cache, a decorator of whichever store is chosen: its key ports, named
 * {@value #CACHED}, are what the services that look keys up for integrations and change them are
 * given (bootstrap's wiring); the store's own, unnamed, stay what every other caller gets.
 */
@Factory
class KeyCacheFactory {

    /** The name of the store's key ports seen through the cache. */
    static final String CACHED = "cached";

    /** The name of the counter of lookups by digest, tagged {@code outcome} = {@code hit} or {@code miss}. */
    static final String LOOKUPS = "latchkey.key.cache.lookups";

    // One description for both: Prometheus has one HELP line per name.
    private static final String LOOKUPS_MEANING =
            "lookups of keys by digest through the key cache: hit answered from memory, miss read from the store";

    @Singleton
    KeyStateCache keyStateCache(
            @Property(name = "latchkey.key-cache-ttl") String ttl,
            Clock clock,
            LoadApiKeyPort store,
            KeyChangesPort keyChanges,
            MeterRegistry meters) {
        KeyStateCache cache = new KeyStateCache(boundOf(ttl), clock, store);
        cache.listenTo(keyChanges);
        // Read at scrape time from the cache's own adders: a lookup costs one increment, no meter lookup.
        FunctionCounter.builder(LOOKUPS, cache, KeyStateCache::hits)
                .description(LOOKUPS_MEANING)
                .tag("outcome", "hit")
                .register(meters);
        FunctionCounter.builder(LOOKUPS, cache, KeyStateCache::misses)
                .description(LOOKUPS_MEANING)
                .tag("outcome", "miss")
                .register(meters);
        return cache;
    }

    /** Secondary: a caller that asks for the ports without the name gets the store's own. */
    @Singleton
    @Named(CACHED)
    @Secondary
    CachedKeys cachedKeys(KeyStateCache cache, LoadApiKeyPort store, SaveApiKeyPort storeSaving) {
        return new CachedKeys(cache, store, storeSaving);
    }

    /** The name of the store's record of key uses, written behind. */
    static final String WRITTEN_BEHIND = "written-behind";

    /**
     * Key uses noted in memory and written every {@code LATCHKEY_KEY_USE_FLUSH_INTERVAL} (and once
     * more at shutdown, before the store closes); secondary, as the cached ports are.
     */
    @Singleton
    @Named(WRITTEN_BEHIND)
    @Secondary
    @Bean(preDestroy = "flush")
    KeyUsesWrittenBehind keyUses(
            RecordKeyUsePort store,
            @Property(name = "latchkey.key-use-flush-interval") Duration flushEvery,
            MeterRegistry meters,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        if (flushEvery.isNegative() || flushEvery.isZero() || flushEvery.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new ConfigurationException("LATCHKEY_KEY_USE_FLUSH_INTERVAL must be a duration from 1ms to 30s"
                    + " (uses are kept to the minute), not " + flushEvery);
        }
        KeyUsesWrittenBehind behind = new KeyUsesWrittenBehind(store);
        FunctionCounter.builder("latchkey.key.uses.written", behind, KeyUsesWrittenBehind::writes)
                .description("last uses of keys written to the store (at most one per key and minute per instance)")
                .register(meters);
        scheduler.scheduleWithFixedDelay(flushEvery, flushEvery, behind::flush);
        return behind;
    }

    /** {@code LATCHKEY_KEY_CACHE_TTL}: an ISO-8601 duration; {@code PT0S} turns the cache off. */
    static Duration boundOf(String ttl) {
        try {
            Duration bound = Duration.parse(ttl.strip());
            if (bound.isNegative()) {
                throw new DateTimeParseException("negative", ttl, 0);
            }
            return bound;
        } catch (DateTimeParseException malformed) {
            throw new ConfigurationException(
                    "LATCHKEY_KEY_CACHE_TTL must be an ISO-8601 duration such as PT2S (PT0S turns it off), not '" + ttl
                            + "'");
        }
    }
}
