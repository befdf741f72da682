package com.latchkey.adapters.persistence;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The buckets of the embedded H2, which one instance alone opens: held in that instance's memory by
 * Bucket4j's own proxy manager, which forgets a bucket once it has refilled (a full bucket answers
 * as a new one would, so nothing is lost, and a flood of new subjects cannot push an exhausted
 * bucket out).
 */
final class EmbeddedRateLimitAdapter implements RateLimitPort {

    private final ProxyManager<String> buckets = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder())
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
            .build();
    private final Function<String, String> bucketId;

    EmbeddedRateLimitAdapter(Function<String, String> bucketId) {
        this.bucketId = bucketId;
    }

    @Override
    public Optional<Duration> tryConsume(RateLimit limit, String subject) {
        ConsumptionProbe probe = bucket(limit, subject).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed()
                ? Optional.empty()
                : Optional.of(LimitBuckets.waitOf(probe.getNanosToWaitForRefill()));
    }

    @Override
    public Optional<Duration> probe(RateLimit limit, String subject) {
        EstimationProbe probe = bucket(limit, subject).estimateAbilityToConsume(1);
        return probe.canBeConsumed()
                ? Optional.empty()
                : Optional.of(LimitBuckets.waitOf(probe.getNanosToWaitForRefill()));
    }

    private io.github.bucket4j.Bucket bucket(RateLimit limit, String subject) {
        return buckets.builder()
                .build(LimitBuckets.idOf(bucketId, limit, subject), () -> LimitBuckets.configuration(limit));
    }
}
