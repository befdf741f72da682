package com.latchkey.application.service;

import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.DeliveryReport;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailNotSentException;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.DeliveryAttempt;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.PlainApiKey;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One delivery attempt per due request: mint a key, commit its digest, then hand the mail to the
 * transport. The plaintext key lives only in this method's frame. If the transport refuses, the
 * minted key is marked undelivered (it never verifies) and the request waits for its next attempt,
 * which mints a new key.
 */
public final class DeliverPendingKeysService implements DeliverPendingKeysUseCase {

    private final ClaimDueKeyRequestsPort claimDueKeyRequests;
    private final SaveKeyRequestPort saveKeyRequest;
    private final SaveApiKeyPort saveApiKey;
    private final LoadApiKeyPort loadApiKey;
    private final AuditTrailPort auditTrail;
    private final RecordDeliveryAttemptPort recordDeliveryAttempt;
    private final SendKeyMailPort sendKeyMail;
    private final KeyDigestPort keyDigest;
    private final TransactionPort transaction;
    private final ApiKeyFormat format;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;

    public DeliverPendingKeysService(
            ClaimDueKeyRequestsPort claimDueKeyRequests,
            SaveKeyRequestPort saveKeyRequest,
            SaveApiKeyPort saveApiKey,
            LoadApiKeyPort loadApiKey,
            AuditTrailPort auditTrail,
            RecordDeliveryAttemptPort recordDeliveryAttempt,
            SendKeyMailPort sendKeyMail,
            KeyDigestPort keyDigest,
            TransactionPort transaction,
            ApiKeyFormat format,
            DeliveryPolicy policy,
            Clock clock,
            RandomGenerator random) {
        this.claimDueKeyRequests = Objects.requireNonNull(claimDueKeyRequests, "claimDueKeyRequests");
        this.saveKeyRequest = Objects.requireNonNull(saveKeyRequest, "saveKeyRequest");
        this.saveApiKey = Objects.requireNonNull(saveApiKey, "saveApiKey");
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.recordDeliveryAttempt = Objects.requireNonNull(recordDeliveryAttempt, "recordDeliveryAttempt");
        this.sendKeyMail = Objects.requireNonNull(sendKeyMail, "sendKeyMail");
        this.keyDigest = Objects.requireNonNull(keyDigest, "keyDigest");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.format = Objects.requireNonNull(format, "format");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public DeliveryReport deliverDue() {
        int delivered = 0;
        int failed = 0;
        for (KeyRequest request : claimDueKeyRequests.claimDue(clock.instant(), policy.lease(), policy.batchSize())) {
            if (deliver(request)) {
                delivered++;
            } else {
                failed++;
            }
        }
        return new DeliveryReport(delivered, failed);
    }

    private boolean deliver(KeyRequest request) {
        PlainApiKey key = format.mint(random::nextInt);
        ApiKey minted = ApiKey.mint(
                KeyId.random(), request, keyDigest.digestOf(key), key.hint(), clock.instant(), policy.verifyWindow());
        saveApiKey.insert(minted);
        try {
            sendKeyMail.send(new KeyMail(request.email(), key, minted.expiresAt()));
        } catch (RuntimeException refused) {
            recordFailure(request, minted, refused);
            return false;
        }
        Instant now = clock.instant();
        transaction.inTransaction(() -> {
            List<ApiKey> ownersKeys = loadApiKey.lockOwner(request.email());
            // Only a key still in delivery becomes the owner's delivered key, and only then does it
            // supersede the others: a key a newer request replaced while its mail was sent stays
            // revoked and touches nothing, so the last key delivered is the one that verifies.
            if (saveApiKey.compareAndSet(minted, minted.delivered())) {
                auditTrail.record(SecurityEvent.of(SecurityEvent.Type.DELIVERED, now, minted, null));
                for (ApiKey other : ownersKeys) {
                    if (other.status() == KeyStatus.PENDING
                            && !other.id().equals(minted.id())
                            && saveApiKey.compareAndSet(other, other.supersede())) {
                        auditTrail.record(SecurityEvent.of(SecurityEvent.Type.SUPERSEDED, now, other, null));
                    }
                }
            }
            // A request whose lease ran out mid-send may have been settled by another attempt: that outcome stands.
            if (saveKeyRequest.compareAndSet(request, request.delivered(now))) {
                recordDeliveryAttempt.record(DeliveryAttempt.delivered(request, minted.id(), now));
            }
        });
        return true;
    }

    private void recordFailure(KeyRequest request, ApiKey minted, RuntimeException refused) {
        Instant now = clock.instant();
        Instant retryAt = now.plus(policy.backoffAfter(request.attempts() + 1, random));
        String reason = switch (refused) {
            case KeyMailNotSentException notSent -> notSent.reason();
            default -> refused.getClass().getSimpleName();
        };
        KeyRequest failed = request.deliveryFailed(now, retryAt, policy.maxAttempts(), reason);
        transaction.inTransaction(() -> {
            saveApiKey.compareAndSet(minted, minted.undelivered());
            if (saveKeyRequest.compareAndSet(request, failed)) {
                recordDeliveryAttempt.record(DeliveryAttempt.failed(request, minted.id(), now, reason));
            }
        });
        auditTrail.record(new SecurityEvent(
                SecurityEvent.Type.DELIVERY_FAILED,
                now,
                minted.id(),
                request.email().masked(),
                null,
                "attempt " + failed.attempts() + ", " + failed.status() + ", " + reason));
    }
}
