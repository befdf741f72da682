package com.latchkey.adapters.persistence;

import com.latchkey.application.port.StorageUnavailableException;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
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
 *
 * <p>Only taking a token stores a shared bucket: a probe of a subject with no stored bucket (or a
 * refilled one) answers "allowed" without writing, so checks of ever new subjects cannot grow the
 * table; {@link ExpiredBucketCleanup} removes the buckets that have refilled.
 *
 * <p>Probes run before every integration call, so a shared bucket seen full (nothing taken from it
 * lately) is remembered here for {@link #SEEN_FULL_FOR} and probes of it are answered without the
 * database: a limit exhausted on another instance is seen here within that bound, one exhausted
 * here at once (taking a token always goes to the database and forgets the mark).
 */
final class RateLimitAdapter implements RateLimitPort {

    static final int SWEEP_ABOVE = 100_000;
    static final Duration SEEN_FULL_FOR = Duration.ofSeconds(1);

    /** An in-memory bucket and the capacity it refills to. */
    private record LocalBucket(Bucket bucket, long capacity) {

        boolean isFull() {
            return bucket.getAvailableTokens() >= capacity;
        }
    }

    private final Function<String, String> bucketId;
    private final SharedBuckets shared;
    private final Map<String, LocalBucket> local = new ConcurrentHashMap<>();
    /** Shared buckets seen full, by id, until when (System.nanoTime()) a probe may trust that. */
    private final Map<String, Long> seenFullUntil = new ConcurrentHashMap<>();

    private final int sweepAbove;

    /** Buckets in the shared database. */
    static RateLimitAdapter shared(SharedBuckets buckets, Function<String, String> bucketId) {
        return new RateLimitAdapter(buckets, bucketId, SWEEP_ABOVE);
    }

    /** Buckets in this instance's memory; above {@code sweepAbove} buckets, the full ones are forgotten. */
    static RateLimitAdapter inMemory(Function<String, String> bucketId, int sweepAbove) {
        return new RateLimitAdapter(null, bucketId, sweepAbove);
    }

    private RateLimitAdapter(SharedBuckets shared, Function<String, String> bucketId, int sweepAbove) {
        this.shared = shared;
        this.bucketId = bucketId;
        this.sweepAbove = sweepAbove;
    }

    @Override
    public Optional<Duration> tryConsume(RateLimit limit, String subject) {
        String id = idOf(limit, subject);
        seenFullUntil.remove(id);
        ConsumptionProbe probe = reach(() -> bucket(id, limit).tryConsumeAndReturnRemaining(1));
        return probe.isConsumed() ? Optional.empty() : Optional.of(waitOf(probe.getNanosToWaitForRefill()));
    }

    @Override
    public Optional<Duration> probe(RateLimit limit, String subject) {
        String id = idOf(limit, subject);
        if (shared != null) {
            if (seenFullLately(id)) {
                return Optional.empty();
            }
            if (!reach(() -> shared.isBelowFull(id))) {
                seenFull(id);
                return Optional.empty();
            }
        }
        EstimationProbe probe = reach(() -> bucket(id, limit).estimateAbilityToConsume(1));
        if (shared != null && probe.getRemainingTokens() >= limit.capacity()) {
            seenFull(id);
        }
        return probe.canBeConsumed() ? Optional.empty() : Optional.of(waitOf(probe.getNanosToWaitForRefill()));
    }

    private void seenFull(String id) {
        if (seenFullUntil.size() > sweepAbove) {
            seenFullUntil.values().removeIf(until -> until - System.nanoTime() < 0);
        }
        seenFullUntil.put(id, System.nanoTime() + SEEN_FULL_FOR.toNanos());
    }

    private boolean seenFullLately(String id) {
        Long until = seenFullUntil.get(id);
        return until != null && until - System.nanoTime() > 0;
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

    private String idOf(RateLimit limit, String subject) {
        return bucketId.apply(limit.name() + "|" + subject).substring(0, 40);
    }

    private Bucket bucket(String id, RateLimit limit) {
        if (shared != null) {
            return shared.bucket(id, () -> configuration(limit));
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
