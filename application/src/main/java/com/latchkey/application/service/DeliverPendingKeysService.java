package com.latchkey.application.service;

import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.DeliveryReport;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.OwnerStoresPort;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One delivery attempt per due request, a batch at a time: mint a key for each, commit their
 * digests, then hand the mails to the transport together (one connection for the batch), settling
 * the attempts a few at a time as the transport reports them, so that a delivered key verifies
 * while the rest of its batch is still under way. The plaintext keys live only in
 * {@link #deliverDue()}'s frame. A mail the transport refused marks its key undelivered (it never
 * verifies) and its request waits for its next attempt, which mints a new key; the other mails of
 * the batch are not affected. A mail the transport never began, because the claim was ending, is
 * no attempt: its request is released at once.
 */
public final class DeliverPendingKeysService implements DeliverPendingKeysUseCase {

    /** Outcomes settled together: a commit per few mails, not per mail nor per batch. */
    static final int SETTLE_EVERY = 10;

    /** The longest a reported outcome waits for the others of its group before they are settled. */
    static final Duration SETTLE_WITHIN = Duration.ofMillis(200);

    private final ClaimDueKeyRequestsPort claimDueKeyRequests;
    private final SaveKeyRequestPort saveKeyRequest;
    private final SaveApiKeyPort saveApiKey;
    private final LoadApiKeyPort loadApiKey;
    private final OwnerStoresPort stores;
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
            OwnerStoresPort stores,
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
        this.stores = Objects.requireNonNull(stores, "stores");
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
            return new DeliveryReport(0, 0, 0);
        }
        // The other half of the lease is the margin for the last mail under way and the settling.
        Instant handOverBefore = claimedAt.plus(policy.lease().dividedBy(2));
        Instant mintedAt = clock.instant();
        List<ApiKey> minted = new ArrayList<>(claimed.size());
        List<KeyMail> mails = new ArrayList<>(claimed.size());
        for (KeyRequest request : claimed) {
            PlainApiKey key = format.mint(random::nextInt);
            ApiKey stored = ApiKey.mint(
                    KeyId.random(),
                    request,
                    stores.storeOf(request.email()),
                    keyDigest.digestOf(key),
                    key.hint(),
                    mintedAt,
                    policy.verifyWindow());
            minted.add(stored);
            mails.add(new KeyMail(request.email(), key, stored.expiresAt()));
        }
        // Every digest is committed before the first mail leaves, all in one commit.
        transaction.inTransaction(() -> minted.forEach(saveApiKey::insert));
        Settlement settlement = new Settlement(claimed, minted);
        handOver(mails, handOverBefore, settlement);
        return settlement.finish();
    }

    /** The mails go over one connection; a transport that throws instead of answering sent none of the rest. */
    private void handOver(List<KeyMail> mails, Instant handOverBefore, Settlement settlement) {
        try {
            sendKeyMail.send(mails, handOverBefore, settlement::reported);
        } catch (RuntimeException failed) {
            if (settlement.broke(failed)) {
                throw failed;
            }
            KeyMailOutcome notSent =
                    new KeyMailOutcome.NotSent(failed.getClass().getSimpleName());
            while (settlement.awaited() > 0) {
                settlement.reported(notSent);
            }
        }
        if (settlement.awaited() != 0) {
            throw new IllegalStateException("the transport answered " + (mails.size() - settlement.awaited())
                    + " outcomes for " + mails.size() + " mails");
        }
    }

    /**
     * The outcomes of one batch as the transport reports them, settled a group at a time: every
     * {@link #SETTLE_EVERY} outcomes, once the oldest unsettled one is {@link #SETTLE_WITHIN} old,
     * and at the end.
     */
    private final class Settlement {

        private final List<KeyRequest> claimed;
        private final List<ApiKey> minted;
        private final List<KeyMailOutcome> outcomes;
        private int settled;
        private Instant groupStarted;
        private RuntimeException fault;
        private int delivered;
        private int failed;
        private int released;

        Settlement(List<KeyRequest> claimed, List<ApiKey> minted) {
            this.claimed = claimed;
            this.minted = minted;
            this.outcomes = new ArrayList<>(claimed.size());
        }

        void reported(KeyMailOutcome outcome) {
            if (outcomes.size() == claimed.size()) {
                throw new IllegalStateException(
                        "the transport answered more outcomes than " + claimed.size() + " mails");
            }
            outcomes.add(Objects.requireNonNull(outcome, "outcome"));
            Instant now = clock.instant();
            if (groupStarted == null) {
                groupStarted = now;
            }
            if (outcomes.size() - settled >= SETTLE_EVERY || !now.isBefore(groupStarted.plus(SETTLE_WITHIN))) {
                settleGroup();
            }
        }

        int awaited() {
            return claimed.size() - outcomes.size();
        }

        /** Whether {@code failure} came from settling (the database), not from the transport. */
        boolean broke(RuntimeException failure) {
            return failure == fault;
        }

        DeliveryReport finish() {
            settleGroup();
            return new DeliveryReport(delivered, failed, released);
        }

        /**
         * Settles the outcomes reported since the last group in one transaction. Owners are locked
         * one after another in one order, that of their canonical address, so that two groups
         * sharing owners never wait for each other in a circle; an owner's own keys are locked in id
         * order ({@link LoadApiKeyPort#lockOwner}). Two requests of one owner keep the order their
         * mails were sent in (groups are settled in that order, and the sort keeps it within one),
         * so the key of the later mail is the one left to verify.
         */
        private void settleGroup() {
            if (settled == outcomes.size()) {
                return;
            }
            Instant now = clock.instant();
            List<Integer> byOwner = new ArrayList<>(outcomes.size() - settled);
            for (int i = settled; i < outcomes.size(); i++) {
                byOwner.add(i);
            }
            byOwner.sort(Comparator.comparing(i -> claimed.get(i).email().owner()));
            try {
                List<SecurityEvent> failures = transaction.inTransaction(() -> {
                    List<SecurityEvent> failedHere = new ArrayList<>();
                    for (int i : byOwner) {
                        switch (outcomes.get(i)) {
                            case KeyMailOutcome.Sent() -> settleDelivered(claimed.get(i), minted.get(i), now);
                            case KeyMailOutcome.NotSent(var reason) ->
                                failedHere.add(settleFailed(claimed.get(i), minted.get(i), now, reason));
                            case KeyMailOutcome.NotBegun() -> release(claimed.get(i), minted.get(i), now);
                        }
                    }
                    return failedHere;
                });
                // Settled: whatever fails after this commit must not settle these outcomes again.
                for (int i : byOwner) {
                    switch (outcomes.get(i)) {
                        case KeyMailOutcome.Sent() -> delivered++;
                        case KeyMailOutcome.NotSent(var _) -> failed++;
                        case KeyMailOutcome.NotBegun() -> released++;
                    }
                }
                settled = outcomes.size();
                groupStarted = null;
                failures.forEach(auditTrail::record);
            } catch (RuntimeException broken) {
                fault = broken;
                throw broken;
            }
        }
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

    /** The mail was never begun: its key is void and its request falls due again with no attempt counted. */
    private void release(KeyRequest request, ApiKey minted, Instant now) {
        saveApiKey.compareAndSet(minted, minted.undelivered());
        saveKeyRequest.compareAndSet(request, request.released(now));
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
                "attempt " + failed.attempts() + ", " + failed.status() + ", " + reason,
                request.email(),
                SecurityEvent.Actor.CALLER);
    }
}
