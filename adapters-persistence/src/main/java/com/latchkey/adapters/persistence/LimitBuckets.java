package com.latchkey.adapters.persistence;

import com.latchkey.application.port.out.RateLimit;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.function.Function;

/** What both of the jdbc store's rate limiters build their buckets from. */
final class LimitBuckets {

    private LimitBuckets() {}

    /** A keyed digest of limit and subject (40 hex characters), never the email or address itself. */
    static String idOf(Function<String, String> bucketId, RateLimit limit, String subject) {
        return bucketId.apply(limit.name() + "|" + subject).substring(0, 40);
    }

    static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.period())
                        .build())
                .build();
    }

    /** At least a second: {@code Retry-After} counts whole seconds, and zero would invite a retry storm. */
    static Duration waitOf(long nanos) {
        return Duration.ofNanos(Math.max(nanos, 1_000_000_000L));
    }
}
