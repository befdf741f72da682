package com.latchkey.application.service;

import com.latchkey.application.port.in.AuthenticateIntegrationResult;
import com.latchkey.application.port.in.AuthenticateIntegrationUseCase;
import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Identifies the store behind a presented key: only an active key does; failures are limited per client. */
public final class AuthenticateIntegrationService implements AuthenticateIntegrationUseCase {

    private final PresentedKeys presentedKeys;
    private final AuditTrailPort auditTrail;
    private final RateLimitPort rateLimits;
    private final RateLimits limits;
    private final Clock clock;

    public AuthenticateIntegrationService(
            PresentedKeys presentedKeys,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            Clock clock) {
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AuthenticateIntegrationResult authenticate(PresentedKeyCommand command) {
        String client = command.client().value();
        Optional<Duration> refused = rateLimits.probe(limits.failedAuthenticationsPerClient(), client);
        if (refused.isPresent()) {
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.RATE_LIMITED, clock.instant(), null, command.client(), "bearer"));
            return new AuthenticateIntegrationResult.RateLimited(refused.get());
        }
        Optional<ApiKey> key = presentedKeys.findCached(command.presentedKey()).filter(ApiKey::admitsIntegrations);
        if (key.isEmpty()) {
            rateLimits.tryConsume(limits.failedAuthenticationsPerClient(), client);
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.AUTHENTICATION_FAILED, clock.instant(), null, command.client(), null));
            return new AuthenticateIntegrationResult.InvalidCredentials();
        }
        ApiKey active = key.get();
        return new AuthenticateIntegrationResult.Authenticated(
                active.id(),
                active.ownerName(),
                active.email(),
                active.status(),
                active.verifiedAt().orElseThrow(),
                List.of());
    }
}
