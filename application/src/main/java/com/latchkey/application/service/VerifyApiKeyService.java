package com.latchkey.application.service;

import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKey.Verification;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a presented key against an email and lets the key decide. The first verification
 * activates the key and revokes the email's previously active key (rotation). Failed attempts are
 * limited per email and per client address.
 */
public final class VerifyApiKeyService implements VerifyApiKeyUseCase {

    private final PresentedKeys presentedKeys;
    private final LoadApiKeyPort loadApiKey;
    private final SaveApiKeyPort saveApiKey;
    private final TransactionPort transaction;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final RateLimits limits;
    private final Clock clock;

    public VerifyApiKeyService(
            PresentedKeys presentedKeys,
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            Clock clock) {
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.saveApiKey = Objects.requireNonNull(saveApiKey, "saveApiKey");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public VerifyApiKeyResult verify(VerifyApiKeyCommand command) {
        Instant now = clock.instant();
        Optional<Duration> refused = throttle.probe(
                limits.failedVerificationsPerEmail(), command.email().value(),
                limits.failedVerificationsPerClient(), command.client().value());
        if (refused.isPresent()) {
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.RATE_LIMITED, now, command.email(), command.client(), "verification"));
            return new VerifyApiKeyResult.RateLimited(refused.get());
        }
        Optional<ApiKey> stored = presentedKeys.find(command.presentedKey());
        if (stored.isEmpty()) {
            return failed(command, now);
        }
        ApiKey key = stored.get();
        Verification verification = key.verify(command.email(), now);
        if (verification instanceof Verification.Verified verified) {
            if (verified.changed()) {
                activate(verified.key(), command, now);
            }
            return new VerifyApiKeyResult.Verified(
                    key.id(), verified.key().verifiedAt().orElseThrow());
        }
        return switch (((Verification.Rejected) verification).reason()) {
            case INVALID_CREDENTIALS -> failed(command, now);
            case EXPIRED -> expired(key, command, now);
            case REVOKED -> new VerifyApiKeyResult.Revoked();
        };
    }

    private void activate(ApiKey activated, VerifyApiKeyCommand command, Instant now) {
        transaction.inTransaction(() -> {
            for (ApiKey previous : loadApiKey.loadByOwner(activated.email(), KeyStatus.ACTIVE)) {
                if (!previous.id().equals(activated.id())) {
                    saveApiKey.save(previous.revoke());
                    auditTrail.record(SecurityEvent.of(SecurityEvent.Type.ROTATED, now, previous, command.client()));
                }
            }
            saveApiKey.save(activated);
        });
        auditTrail.record(SecurityEvent.of(SecurityEvent.Type.VERIFIED, now, activated, command.client()));
    }

    private VerifyApiKeyResult expired(ApiKey key, VerifyApiKeyCommand command, Instant now) {
        if (key.status() == KeyStatus.PENDING) {
            saveApiKey.save(key.expire());
            auditTrail.record(SecurityEvent.of(SecurityEvent.Type.EXPIRED, now, key, command.client()));
        }
        return new VerifyApiKeyResult.Expired();
    }

    private VerifyApiKeyResult failed(VerifyApiKeyCommand command, Instant now) {
        throttle.charge(limits.failedVerificationsPerEmail(), command.email().value());
        throttle.charge(limits.failedVerificationsPerClient(), command.client().value());
        auditTrail.record(
                SecurityEvent.of(SecurityEvent.Type.VERIFY_FAILED, now, command.email(), command.client(), null));
        return new VerifyApiKeyResult.InvalidCredentials();
    }
}
