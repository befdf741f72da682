package com.latchkey.application.service;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts credentials that did not hold (an integration's secret, a key presented by an integration)
 * against the client address's bucket, and audits each: the wait when the bucket is now empty.
 * Credentials that hold are never counted, so a broken neighbour behind a shared address cannot
 * lock a working integration out.
 */
final class FailedAuthentications {

    private final Throttle throttle;
    private final RateLimits limits;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    FailedAuthentications(RateLimitPort rateLimits, RateLimits limits, AuditTrailPort auditTrail, Clock clock) {
        this.throttle = new Throttle(rateLimits);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Counts one failure of {@code what} from {@code client}; the wait if the client is now over its limit. */
    Optional<Duration> count(ClientAddress client, String what) {
        Instant now = clock.instant();
        Optional<Refusal> refused = throttle.take(Bucket.of(limits.failedAuthenticationsPerClient(), client));
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(now, what));
            return Optional.of(refused.get().retryAfter());
        }
        auditTrail.record(SecurityEvent.of(SecurityEvent.Type.AUTHENTICATION_FAILED, now, null, client, what));
        return Optional.empty();
    }
}
