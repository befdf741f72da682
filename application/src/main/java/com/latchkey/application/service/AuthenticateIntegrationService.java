package com.latchkey.application.service;

import com.latchkey.application.port.in.AuthenticateIntegrationResult;
import com.latchkey.application.port.in.AuthenticateIntegrationUseCase;
import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Identifies the store behind a presented key: only an active key does. Failures are limited per
 * client address; an active key is never refused, so a broken integration (or an attacker) behind
 * a shared address cannot lock out the working integrations behind it.
 */
public final class AuthenticateIntegrationService implements AuthenticateIntegrationUseCase {

    private final PresentedKeys presentedKeys;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final RateLimits limits;
    private final RecordKeyUsePort keyUses;
    private final Clock clock;

    public AuthenticateIntegrationService(
            PresentedKeys presentedKeys,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            RecordKeyUsePort keyUses,
            Clock clock) {
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.keyUses = Objects.requireNonNull(keyUses, "keyUses");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AuthenticateIntegrationResult authenticate(PresentedKeyCommand command) {
        Optional<ApiKey> key = presentedKeys.find(command.presentedKey()).filter(ApiKey::admitsIntegrations);
        if (key.isPresent()) {
            ApiKey active = key.get();
            keyUses.used(active.id(), clock.instant());
            return new AuthenticateIntegrationResult.Authenticated(
                    active.id(),
                    active.storeId(),
                    active.status(),
                    active.verifiedAt().orElseThrow(),
                    List.of());
        }
        Optional<Refusal> refused = throttle.take(Bucket.of(limits.failedAuthenticationsPerClient(), command.client()));
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(clock.instant(), "bearer"));
            return new AuthenticateIntegrationResult.RateLimited(refused.get().retryAfter());
        }
        auditTrail.record(SecurityEvent.of(
                SecurityEvent.Type.AUTHENTICATION_FAILED, clock.instant(), null, command.client(), null));
        return new AuthenticateIntegrationResult.InvalidCredentials();
    }
}
