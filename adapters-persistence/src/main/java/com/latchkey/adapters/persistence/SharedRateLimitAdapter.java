package com.latchkey.adapters.persistence;

import com.latchkey.application.port.StorageUnavailableException;
import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Bucket4j token buckets in the shared PostgreSQL database, so every instance counts against the
 * same limit. A bucket's id is a keyed digest of its limit and subject, never the email or address
 * itself.
 *
 * <p>Only taking a token stores a bucket: a probe of a subject with no stored bucket (or a refilled
 * one) answers "allowed" without writing, so checks of ever new subjects cannot grow the table;
 * {@link ExpiredBucketCleanup} removes the buckets that have refilled.
 *
 * <p>Probes run before every integration call, so a bucket seen full (nothing taken from it lately)
 * is remembered here for {@link #SEEN_FULL_FOR} and probes of it are answered without the database:
 * a limit exhausted on another instance is seen here within that bound, one exhausted here at once
 * (taking a token always goes to the database and forgets the mark).
 */
final class SharedRateLimitAdapter implements RateLimitPort {

    static final Duration SEEN_FULL_FOR = Duration.ofSeconds(1);
    /** Past this many marks, the lapsed ones are swept. */
    private static final int SWEEP_MARKS_ABOVE = 100_000;

    private final SharedBuckets buckets;
    private final Function<String, String> bucketId;
    /** Buckets seen full, by id, until when (System.nanoTime()) a probe may trust that. */
    private final Map<String, Long> seenFullUntil = new ConcurrentHashMap<>();

    SharedRateLimitAdapter(SharedBuckets buckets, Function<String, String> bucketId) {
        this.buckets = buckets;
        this.bucketId = bucketId;
    }

    @Override
    public Optional<Duration> tryConsume(RateLimit limit, String subject) {
        String id = LimitBuckets.idOf(bucketId, limit, subject);
        seenFullUntil.remove(id);
        ConsumptionProbe probe = reach(() ->
                buckets.bucket(id, () -> LimitBuckets.configuration(limit)).tryConsumeAndReturnRemaining(1));
        return probe.isConsumed()
                ? Optional.empty()
                : Optional.of(LimitBuckets.waitOf(probe.getNanosToWaitForRefill()));
    }

    @Override
    public Optional<Duration> probe(RateLimit limit, String subject) {
        String id = LimitBuckets.idOf(bucketId, limit, subject);
        if (seenFullLately(id)) {
            return Optional.empty();
        }
        if (!reach(() -> buckets.isBelowFull(id))) {
            seenFull(id);
            return Optional.empty();
        }
        EstimationProbe probe = reach(() ->
                buckets.bucket(id, () -> LimitBuckets.configuration(limit)).estimateAbilityToConsume(1));
        if (probe.getRemainingTokens() >= limit.capacity()) {
            seenFull(id);
        }
        return probe.canBeConsumed()
                ? Optional.empty()
                : Optional.of(LimitBuckets.waitOf(probe.getNanosToWaitForRefill()));
    }

    private void seenFull(String id) {
        if (seenFullUntil.size() > SWEEP_MARKS_ABOVE) {
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
     * database (Bucket4j wraps whatever JDBC said), so every failure is storage trouble.
     */
    private static <T> T reach(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StorageUnavailableException alreadyTold) {
            throw alreadyTold;
        } catch (RuntimeException failed) {
            throw new StorageUnavailableException(failed.getClass().getSimpleName());
        }
    }
}
