package com.latchkey.adapters.limits;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SealPersonalDataPort;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rate-limit adapters that keep no database: {@code memory} and {@code none}. */
@Factory
class LimitsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsFactory.class);

    /** The setting that names the limits adapter: {@code LATCHKEY_ADAPTERS_LIMITS}. */
    static final String LIMITS = "latchkey.adapters.limits";

    /** The older way to switch every limit off: {@code LATCHKEY_LIMITS_ENABLED=false}. */
    static final String LIMITS_ENABLED = "latchkey.limits.enabled";

    /**
     * {@code LATCHKEY_ADAPTERS_LIMITS=memory}: buckets in this instance's memory, whatever the store.
     * A bucket is forgotten once refilled, so the memory held is bounded by the subjects limited
     * lately, and a flood of new subjects cannot push out (and so reset) an exhausted bucket.
     */
    @Singleton
    @Requires(property = LIMITS, value = "memory")
    @Requires(property = LIMITS_ENABLED, notEquals = "false")
    RateLimitPort memoryLimits(
            SealPersonalDataPort personalData,
            @Nullable @Property(name = "datasources.default.url") String databaseUrl,
            @Nullable @Property(name = "latchkey.adapters.store") String store) {
        if ("jdbc".equals(store) && databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql:")) {
            LOG.warn("rate limits are this instance's own (LATCHKEY_ADAPTERS_LIMITS=memory) on a shared PostgreSQL:"
                    + " with N instances each limit lets N times through; jdbc or redis limits are shared");
        }
        return new ProxiedBuckets(
                Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder())
                        .expirationAfterWrite(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                        .build(),
                personalData::index,
                false);
    }

    /** {@code LATCHKEY_ADAPTERS_LIMITS=none}: every rate limit off (for benchmarks and tests). */
    @Singleton
    @Requires(property = LIMITS, value = "none")
    @Requires(property = LIMITS_ENABLED, notEquals = "false")
    RateLimitPort noLimits() {
        LOG.warn(
                "rate limits are OFF (LATCHKEY_ADAPTERS_LIMITS=none): nothing limits key requests or failed verifications");
        return NO_LIMITS;
    }

    /** {@code LATCHKEY_LIMITS_ENABLED=false}, the older way to say {@code none}, whatever the adapter setting says. */
    @Singleton
    @Requires(property = LIMITS_ENABLED, value = "false")
    RateLimitPort noLimitsByTheOlderSetting() {
        LOG.warn("rate limits are OFF (LATCHKEY_LIMITS_ENABLED=false, whatever LATCHKEY_ADAPTERS_LIMITS says):"
                + " nothing limits key requests or failed verifications");
        return NO_LIMITS;
    }

    private static final RateLimitPort NO_LIMITS = new RateLimitPort() {
        @Override
        public Optional<Duration> tryConsume(RateLimit limit, String subject) {
            return Optional.empty();
        }

        @Override
        public Optional<Duration> probe(RateLimit limit, String subject) {
            return Optional.empty();
        }
    };
}
