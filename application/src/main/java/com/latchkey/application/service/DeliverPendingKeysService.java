package com.latchkey.application.service;

import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.DeliveryReport;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One delivery attempt per due request, a batch at a time: mint a key for each, commit their
 * digests, then hand the mails to the transport together (one connection for the batch), then
 * settle every attempt in one transaction. The plaintext keys live only in {@link #deliverDue()}'s
 * frame. A mail the transport refused marks its key undelivered (it never verifies) and its request
 * waits for its next attempt, which mints a new key; the other mails of the batch are not affected.
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
        Instant claimedAt = clock.instant();
        List<KeyRequest> claimed = claimDueKeyRequests.claimDue(claimedAt, policy.lease(), policy.batchSize());
        if (claimed.isEmpty()) {
            return new DeliveryReport(0, 0);
        }
        // The other half of the lease is the margin for the last mail under way and the settling.
        Instant handOverBefore = claimedAt.plus(policy.lease().dividedBy(2));
        Instant mintedAt = clock.instant();
        List<ApiKey> minted = new ArrayList<>(claimed.size());
        List<KeyMail> mails = new ArrayList<>(claimed.size());
        for (KeyRequest request : claimed) {
            PlainApiKey key = format.mint(random::nextInt);
            ApiKey stored = ApiKey.mint(
                    KeyId.random(), request, keyDigest.digestOf(key), key.hint(), mintedAt, policy.verifyWindow());
            minted.add(stored);
            mails.add(new KeyMail(request.email(), key, stored.expiresAt()));
        }
        // Every digest is committed before the first mail leaves, all in one commit.
        transaction.inTransaction(() -> minted.forEach(saveApiKey::insert));
        List<KeyMailOutcome> outcomes = handOver(mails, handOverBefore);
        return settle(claimed, minted, outcomes);
    }

    /** The mails go over one connection; a transport that throws instead of answering sent none of them. */
    private List<KeyMailOutcome> handOver(List<KeyMail> mails, Instant handOverBefore) {
        List<KeyMailOutcome> outcomes;
        try {
            outcomes = sendKeyMail.send(mails, handOverBefore);
        } catch (RuntimeException failed) {
            return Collections.nCopies(
                    mails.size(), new KeyMailOutcome.NotSent(failed.getClass().getSimpleName()));
        }
        if (outcomes.size() != mails.size()) {
            throw new IllegalStateException(
                    "the transport answered " + outcomes.size() + " outcomes for " + mails.size() + " mails");
        }
        return outcomes;
    }

    /**
     * Settles every attempt of the batch in one transaction. Owners are locked one after another in
     * one order, that of their canonical address, so that two batches sharing owners never wait for
     * each other in a circle; an owner's own keys are locked in id order ({@link LoadApiKeyPort#lockOwner}).
     * Two requests of one owner keep the order their mails were sent in, so the key of the later
     * mail is the one left to verify.
     */
    private DeliveryReport settle(List<KeyRequest> claimed, List<ApiKey> minted, List<KeyMailOutcome> outcomes) {
        Instant now = clock.instant();
        List<Integer> byOwner = new ArrayList<>(claimed.size());
        for (int i = 0; i < claimed.size(); i++) {
            byOwner.add(i);
        }
        byOwner.sort(Comparator.comparing(i -> claimed.get(i).email().owner()));
        List<SecurityEvent> failures = transaction.inTransaction(() -> {
            List<SecurityEvent> failed = new ArrayList<>();
            for (int i : byOwner) {
                switch (outcomes.get(i)) {
                    case KeyMailOutcome.Sent() -> settleDelivered(claimed.get(i), minted.get(i), now);
                    case KeyMailOutcome.NotSent(var reason) ->
                        failed.add(settleFailed(claimed.get(i), minted.get(i), now, reason));
                }
            }
            return failed;
        });
        failures.forEach(auditTrail::record);
        return new DeliveryReport(claimed.size() - failures.size(), failures.size());
    }

    private void settleDelivered(KeyRequest request, ApiKey minted, Instant now) {
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
    }

    /** Marks the key undelivered (it never verifies) and schedules the next attempt; answers the event to audit. */
    private SecurityEvent settleFailed(KeyRequest request, ApiKey minted, Instant now, String reason) {
        Instant retryAt = now.plus(policy.backoffAfter(request.attempts() + 1, random));
        KeyRequest failed = request.deliveryFailed(now, retryAt, policy.maxAttempts(), reason);
        saveApiKey.compareAndSet(minted, minted.undelivered());
        if (saveKeyRequest.compareAndSet(request, failed)) {
            recordDeliveryAttempt.record(DeliveryAttempt.failed(request, minted.id(), now, reason));
        }
        return new SecurityEvent(
                SecurityEvent.Type.DELIVERY_FAILED,
                now,
                minted.id(),
                request.email().masked(),
                null,
                "attempt " + failed.attempts() + ", " + failed.status() + ", " + reason);
    }
}
