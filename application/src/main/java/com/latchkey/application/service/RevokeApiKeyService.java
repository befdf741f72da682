package com.latchkey.application.service;

import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.in.RevokeApiKeyResult;
import com.latchkey.application.port.in.RevokeApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends a delivered or active key for whoever presents it. A revoke that loses a race (the key was
 * verified meanwhile) is tried again on the state that won; once it answers, the key is revoked
 * for good. Failures are limited per client; a key that can be revoked always is.
 */
public final class RevokeApiKeyService implements RevokeApiKeyUseCase {

    // Each lost race means another change was committed in between; a key has few states to pass.
    private static final int ATTEMPTS = 5;

    private final PresentedKeys presentedKeys;
    private final SaveApiKeyPort saveApiKey;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final RateLimits limits;
    private final Clock clock;

    public RevokeApiKeyService(
            PresentedKeys presentedKeys,
            SaveApiKeyPort saveApiKey,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            Clock clock) {
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.saveApiKey = Objects.requireNonNull(saveApiKey, "saveApiKey");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RevokeApiKeyResult revoke(PresentedKeyCommand command) {
        Instant now = clock.instant();
        boolean revocable = false;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ApiKey> key = presentedKeys.find(command.presentedKey());
            KeyStatus status = key.map(ApiKey::status).orElse(null);
            if (status == KeyStatus.REVOKED && revocable) {
                // Revoked by another call while this one tried: the state that won is what was asked for.
                return new RevokeApiKeyResult.Revoked(key.get().id());
            }
            if (status != KeyStatus.PENDING && status != KeyStatus.ACTIVE) {
                return failed(command, now);
            }
            revocable = true;
            ApiKey revoked = key.get().revoke();
            if (saveApiKey.compareAndSet(key.get(), revoked)) {
                auditTrail.record(SecurityEvent.of(SecurityEvent.Type.REVOKED, now, revoked, command.client()));
                return new RevokeApiKeyResult.Revoked(revoked.id());
            }
        }
        throw new IllegalStateException("a key changed " + ATTEMPTS + " times while it was being revoked");
    }

    private RevokeApiKeyResult failed(PresentedKeyCommand command, Instant now) {
        Optional<Refusal> refused = throttle.take(Bucket.of(limits.failedAuthenticationsPerClient(), command.client()));
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(now, "revoke"));
            return new RevokeApiKeyResult.RateLimited(refused.get().retryAfter());
        }
        auditTrail.record(
                SecurityEvent.of(SecurityEvent.Type.AUTHENTICATION_FAILED, now, null, command.client(), "revoke"));
        return new RevokeApiKeyResult.InvalidCredentials();
    }
}
