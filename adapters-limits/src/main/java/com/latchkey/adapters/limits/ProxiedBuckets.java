package com.latchkey.adapters.limits;

import com.latchkey.application.port.StorageUnavailableException;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Token buckets kept by one of Bucket4j's proxy managers (in this process's memory, or in Redis),
 * one per limit and subject. A bucket's id is a keyed digest of both, never the email or address
 * itself. The proxy manager forgets a bucket once it has refilled, which changes no answer: a full
 * bucket acts exactly as a new one.
 */
final class ProxiedBuckets implements RateLimitPort {

    /** How long a full bucket is kept after refilling (Redis needs a positive time to live). */
    static final Duration KEPT_AFTER_REFILL = Duration.ofSeconds(1);

    private final ProxyManager<String> buckets;
    private final Function<String, String> bucketId;
    private final boolean remote;

    /**
     * @param remote whether the buckets live in another process, so that any failure of the proxy
     *     manager is a failure to reach it (a 503 to the caller, as the store's)
     */
    ProxiedBuckets(ProxyManager<String> buckets, Function<String, String> bucketId, boolean remote) {
        this.buckets = buckets;
        this.bucketId = bucketId;
        this.remote = remote;
    }

    @Override
    public Optional<Duration> tryConsume(RateLimit limit, String subject) {
        ConsumptionProbe probe = reach(() -> bucket(limit, subject).tryConsumeAndReturnRemaining(1));
        return probe.isConsumed() ? Optional.empty() : Optional.of(waitOf(probe.getNanosToWaitForRefill()));
    }

    @Override
    public Optional<Duration> probe(RateLimit limit, String subject) {
        EstimationProbe probe = reach(() -> bucket(limit, subject).estimateAbilityToConsume(1));
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(waitOf(probe.getNanosToWaitForRefill()));
    }

    private BucketProxy bucket(RateLimit limit, String subject) {
        String id = bucketId.apply(limit.name() + "|" + subject).substring(0, 40);
        return buckets.builder().build(id, () -> configuration(limit));
    }

    private <T> T reach(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException failed) {
            if (remote) {
                throw new StorageUnavailableException(failed.getClass().getSimpleName());
            }
            throw failed;
        }
    }

    private static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.period())
                        .build())
                .build();
    }

    /** At least a second: {@code Retry-After} counts whole seconds, and zero would invite a retry storm. */
    private static Duration waitOf(long nanos) {
        return Duration.ofNanos(Math.max(nanos, 1_000_000_000L));
    }
}
