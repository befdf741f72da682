package com.latchkey.adapters.persistence;

import com.latchkey.application.port.StorageUnavailableException;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Bucket4j token buckets. On PostgreSQL the buckets live in the shared database, so every instance
 * counts against the same limit; on the embedded H2 (one instance) they live in memory. A bucket's
 * id is a keyed digest of its limit and subject, never the email or address itself.
 */
final class RateLimitAdapter implements RateLimitPort {

    static final int SWEEP_ABOVE = 100_000;

    /** An in-memory bucket and the capacity it refills to. */
    private record LocalBucket(Bucket bucket, long capacity) {

        boolean isFull() {
            return bucket.getAvailableTokens() >= capacity;
        }
    }

    private final Function<String, String> bucketId;
    private final ProxyManager<String> shared;
    private final Map<String, LocalBucket> local = new ConcurrentHashMap<>();
    private final int sweepAbove;

    /** Buckets in the shared database. */
    static RateLimitAdapter shared(ProxyManager<String> buckets, Function<String, String> bucketId) {
        return new RateLimitAdapter(buckets, bucketId, SWEEP_ABOVE);
    }

    /** Buckets in this instance's memory; above {@code sweepAbove} buckets, the full ones are forgotten. */
    static RateLimitAdapter inMemory(Function<String, String> bucketId, int sweepAbove) {
        return new RateLimitAdapter(null, bucketId, sweepAbove);
    }

    private RateLimitAdapter(ProxyManager<String> shared, Function<String, String> bucketId, int sweepAbove) {
        this.shared = shared;
        this.bucketId = bucketId;
        this.sweepAbove = sweepAbove;
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

    /**
     * Runs a bucket operation. A shared bucket that fails can only have failed to reach the
     * database (Bucket4j wraps whatever JDBC said), so every failure of one is storage trouble.
     */
    private <T> T reach(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StorageUnavailableException alreadyTold) {
            throw alreadyTold;
        } catch (RuntimeException failed) {
            if (shared != null || StorageFailures.isUnreachable(failed)) {
                throw new StorageUnavailableException(failed.getClass().getSimpleName());
            }
            throw failed;
        }
    }

    private Bucket bucket(RateLimit limit, String subject) {
        String id = bucketId.apply(limit.name() + "|" + subject).substring(0, 40);
        if (shared != null) {
            return shared.builder().build(id, () -> configuration(limit));
        }
        if (local.size() > sweepAbove) {
            // A full bucket acts exactly as a new one, so forgetting it changes no answer; clearing
            // everything would let whoever floods the map with new subjects reset their own limits.
            local.values().removeIf(LocalBucket::isFull);
        }
        return local.computeIfAbsent(
                        id,
                        ignored -> new LocalBucket(
                                Bucket.builder().addLimit(bandwidth(limit)).build(), limit.capacity()))
                .bucket();
    }

    private static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
    }

    private static Bandwidth bandwidth(RateLimit limit) {
        return Bandwidth.builder()
                .capacity(limit.capacity())
                .refillGreedy(limit.capacity(), limit.period())
                .build();
    }

    private static Duration waitOf(long nanos) {
        return Duration.ofNanos(Math.max(nanos, 1_000_000_000L));
    }
}
