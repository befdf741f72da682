package com.latchkey.application.service;

import com.latchkey.application.port.in.PresentedKeyCommand;
import com.latchkey.application.port.in.RevokeApiKeyResult;
import com.latchkey.application.port.in.RevokeApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Ends a delivered or active key for whoever presents it. */
public final class RevokeApiKeyService implements RevokeApiKeyUseCase {

    private final PresentedKeys presentedKeys;
    private final SaveApiKeyPort saveApiKey;
    private final AuditTrailPort auditTrail;
    private final RateLimitPort rateLimits;
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
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RevokeApiKeyResult revoke(PresentedKeyCommand command) {
        Instant now = clock.instant();
        String client = command.client().value();
        Optional<Duration> refused = rateLimits.probe(limits.failedAuthenticationsPerClient(), client);
        if (refused.isPresent()) {
            auditTrail.record(SecurityEvent.of(SecurityEvent.Type.RATE_LIMITED, now, null, command.client(), "revoke"));
            return new RevokeApiKeyResult.RateLimited(refused.get());
        }
        Optional<ApiKey> key = presentedKeys
                .find(command.presentedKey())
                .filter(found -> found.status() == KeyStatus.PENDING || found.status() == KeyStatus.ACTIVE);
        if (key.isEmpty()) {
            rateLimits.tryConsume(limits.failedAuthenticationsPerClient(), client);
            auditTrail.record(
                    SecurityEvent.of(SecurityEvent.Type.AUTHENTICATION_FAILED, now, null, command.client(), "revoke"));
            return new RevokeApiKeyResult.InvalidCredentials();
        }
        ApiKey revoked = key.get().revoke();
        saveApiKey.save(revoked);
        auditTrail.record(SecurityEvent.of(SecurityEvent.Type.REVOKED, now, revoked, command.client()));
        return new RevokeApiKeyResult.Revoked(revoked.id());
    }
}
