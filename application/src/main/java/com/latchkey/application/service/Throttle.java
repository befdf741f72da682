package com.latchkey.application.service;

import com.latchkey.application.port.out.RateLimit;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.EmailAddress;
import com.latchkey.domain.KeyDigest;
import com.latchkey.domain.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks several buckets, so that a refused call takes nothing: every bucket is checked before any
 * is taken from, and they are taken from in the order given (the caller's own buckets first, a
 * shared one such as the global limit last).
 */
final class Throttle {

    /** The one subject of a global limit. */
    static final String EVERYONE = "*";

    /** One limit's bucket for one subject: an owner, a client address, or everyone. */
    record Bucket(RateLimit limit, String subject, EmailAddress owner, ClientAddress client) {

        Bucket {
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(subject, "subject");
        }

        static Bucket of(RateLimit limit, EmailAddress owner) {
            return new Bucket(limit, owner.owner(), owner, null);
        }

        static Bucket of(RateLimit limit, ClientAddress client) {
            return new Bucket(limit, client.limitSubject(), null, client);
        }

        /** The bucket of one stored key: counts attempts to pair it with the wrong email. */
        static Bucket of(RateLimit limit, KeyDigest key) {
            return new Bucket(limit, "key " + key.hex(), null, null);
        }

        /** Whether this is a stored key's bucket (its subject is neither an owner, a client nor everyone). */
        boolean isPerKey() {
            return owner == null && client == null && !subject.equals(EVERYONE);
        }

        static Bucket everyone(RateLimit limit) {
            return new Bucket(limit, EVERYONE, null, null);
        }
    }

    /** Which bucket refused, and how long until it would let a call through. */
    record Refusal(Bucket bucket, Duration retryAfter) {

        /**
         * The audit event of this refusal: it names the limit and its subject only, so that
         * refusals of one limit for one subject read (and are counted) as one.
         */
        SecurityEvent event(Instant at, String call) {
            return SecurityEvent.of(
                    SecurityEvent.Type.RATE_LIMITED,
                    at,
                    bucket.owner(),
                    bucket.client(),
                    call + ": " + bucket.limit().name() + (bucket.isPerKey() ? " per key" : ""));
        }
    }

    private final RateLimitPort rateLimits;

    Throttle(RateLimitPort rateLimits) {
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
    }

    /** Takes one token from each bucket, or none at all if any of them is empty. */
    Optional<Refusal> take(Bucket... buckets) {
        Optional<Refusal> refused = firstEmpty(buckets);
        for (int i = 0; refused.isEmpty() && i < buckets.length; i++) {
            // Another call may have emptied a bucket since the check: stop there.
            refused = refusal(buckets[i], rateLimits.tryConsume(buckets[i].limit(), buckets[i].subject()));
        }
        return refused;
    }

    /** The first of the buckets that is empty, without taking from any. */
    Optional<Refusal> firstEmpty(Bucket... buckets) {
        for (Bucket bucket : buckets) {
            Optional<Refusal> refused = refusal(bucket, rateLimits.probe(bucket.limit(), bucket.subject()));
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refusal(Bucket bucket, Optional<Duration> wait) {
        return wait.map(retryAfter -> new Refusal(bucket, retryAfter));
    }
}
