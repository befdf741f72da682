package com.latchkey.application.service;

import com.latchkey.application.port.in.VerifyApiKeyCommand;
import com.latchkey.application.port.in.VerifyApiKeyResult;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKey.Verification;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a presented key against an email and lets the key decide. The first verification
 * activates the key and revokes the owner's previously active key (rotation), one owner at a time.
 * Only failures are limited, per owner and per client address: the right key always verifies
 * (keys have 190 bits), so nobody locks an owner out by guessing in their name.
 */
public final class VerifyApiKeyService implements VerifyApiKeyUseCase {

    private final PresentedKeys presentedKeys;
    private final LoadApiKeyPort loadApiKey;
    private final SaveApiKeyPort saveApiKey;
    private final TransactionPort transaction;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final RateLimits limits;
    private final RecordKeyUsePort keyUses;
    private final Clock clock;

    public VerifyApiKeyService(
            PresentedKeys presentedKeys,
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            RecordKeyUsePort keyUses,
            Clock clock) {
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.saveApiKey = Objects.requireNonNull(saveApiKey, "saveApiKey");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.keyUses = Objects.requireNonNull(keyUses, "keyUses");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public VerifyApiKeyResult verify(VerifyApiKeyCommand command) {
        VerifyApiKeyResult result = decide(command);
        if (result instanceof VerifyApiKeyResult.Verified(var keyId, var verifiedAt)) {
            keyUses.used(keyId, clock.instant());
        }
        return result;
    }

    private VerifyApiKeyResult decide(VerifyApiKeyCommand command) {
        Instant now = clock.instant();
        Optional<ApiKey> stored = presentedKeys.find(command.presentedKey());
        if (stored.isEmpty()) {
            return failed(command, now, Optional.empty());
        }
        ApiKey read = stored.get();
        Verification verification = read.verify(command.email(), now);
        Bucket keysFailures = Bucket.of(limits.failedVerificationsPerEmail(), read.digest());
        if (verification instanceof Verification.Rejected(var reason)
                && reason == Verification.Reason.INVALID_CREDENTIALS) {
            return failed(command, now, Optional.of(keysFailures));
        }
        // Whoever holds a key (a leaked one, even revoked) must not learn its owner's email by
        // trying emails: once a key was paired with wrong emails too often, it answers nothing.
        Optional<Refusal> refused = throttle.firstEmpty(keysFailures);
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(now, "verification"));
            return new VerifyApiKeyResult.RateLimited(refused.get().retryAfter());
        }
        return switch (verification) {
            case Verification.Verified(var key, var changed)
            when !changed ->
                new VerifyApiKeyResult.Verified(key.id(), key.verifiedAt().orElseThrow());
            // Lost to another change (a revoke, an expiry, a verification elsewhere): answer the state that won.
            case Verification.Verified(var activated, var changed) ->
                activate(read, activated, command, now).orElseGet(() -> settled(command, now));
            case Verification.Rejected(var reason) -> rejected(reason, read, command, now);
        };
    }

    /**
     * Activates the key and rotates out the owner's active one, with the owner's keys locked so
     * that two keys of one owner verified at once on two instances still leave one active.
     */
    private Optional<VerifyApiKeyResult> activate(
            ApiKey read, ApiKey activated, VerifyApiKeyCommand command, Instant now) {
        return transaction.inTransaction(() -> {
            var ownersKeys = loadApiKey.lockOwner(activated.email());
            if (!saveApiKey.compareAndSet(read, activated)) {
                return Optional.<VerifyApiKeyResult>empty();
            }
            for (ApiKey previous : ownersKeys) {
                if (previous.status() == KeyStatus.ACTIVE
                        && !previous.id().equals(activated.id())
                        && saveApiKey.compareAndSet(previous, previous.revoke())) {
                    auditTrail.record(SecurityEvent.of(SecurityEvent.Type.ROTATED, now, previous, command.client()));
                }
            }
            auditTrail.record(SecurityEvent.of(SecurityEvent.Type.VERIFIED, now, activated, command.client()));
            return Optional.of(new VerifyApiKeyResult.Verified(
                    activated.id(), activated.verifiedAt().orElseThrow()));
        });
    }

    /** The key as another change left it, read again; a key in a settled state decides alone. */
    private VerifyApiKeyResult settled(VerifyApiKeyCommand command, Instant now) {
        ApiKey current = presentedKeys.find(command.presentedKey()).orElseThrow();
        return switch (current.verify(command.email(), now)) {
            case Verification.Verified(var key, var changed)
            when !changed ->
                new VerifyApiKeyResult.Verified(key.id(), key.verifiedAt().orElseThrow());
            case Verification.Verified(var key, var changed) ->
                throw new IllegalStateException("key " + key.id() + " lost a race yet is still " + current.status());
            case Verification.Rejected(var reason) -> rejected(reason, current, command, now);
        };
    }

    private VerifyApiKeyResult rejected(
            Verification.Reason reason, ApiKey read, VerifyApiKeyCommand command, Instant now) {
        return switch (reason) {
            case INVALID_CREDENTIALS ->
                failed(command, now, Optional.of(Bucket.of(limits.failedVerificationsPerEmail(), read.digest())));
            case EXPIRED -> expired(read, command, now);
            case REVOKED -> new VerifyApiKeyResult.Revoked();
        };
    }

    private VerifyApiKeyResult expired(ApiKey read, VerifyApiKeyCommand command, Instant now) {
        if (read.status() == KeyStatus.PENDING && saveApiKey.compareAndSet(read, read.expire())) {
            auditTrail.record(SecurityEvent.of(SecurityEvent.Type.EXPIRED, now, read, command.client()));
        }
        return new VerifyApiKeyResult.Expired();
    }

    /**
     * Counts the failure against the email tried, the client and (when the key exists) the key;
     * once any has none left, answers the wait.
     */
    private VerifyApiKeyResult failed(VerifyApiKeyCommand command, Instant now, Optional<Bucket> keysFailures) {
        Bucket owner = Bucket.of(limits.failedVerificationsPerEmail(), command.email());
        Bucket client = Bucket.of(limits.failedVerificationsPerClient(), command.client());
        Optional<Refusal> refused = keysFailures
                .map(key -> throttle.take(owner, client, key))
                .orElseGet(() -> throttle.take(owner, client));
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(now, "verification"));
            return new VerifyApiKeyResult.RateLimited(refused.get().retryAfter());
        }
        auditTrail.record(
                SecurityEvent.of(SecurityEvent.Type.VERIFY_FAILED, now, command.email(), command.client(), null));
        return new VerifyApiKeyResult.InvalidCredentials();
    }
}
