package com.latchkey.application.service;

import com.latchkey.application.port.in.RequestApiKeyCommand;
import com.latchkey.application.port.in.RequestApiKeyResult;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.KeyRequest;
import com.latchkey.domain.RequestId;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores the request and answers at once; delivery is the dispatcher's job. A new request
 * supersedes the owner's older keys not yet verified (in delivery or delivered), and never touches
 * an active key. Requests are limited per client, per owner and overall; a refused request takes
 * from no bucket, and the global one is taken from last, so one client over its own limit cannot
 * close requests for everyone.
 */
public final class RequestApiKeyService implements RequestApiKeyUseCase {

    private final SaveKeyRequestPort saveKeyRequest;
    private final LoadApiKeyPort loadApiKey;
    private final SaveApiKeyPort saveApiKey;
    private final TransactionPort transaction;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final RateLimits limits;
    private final Clock clock;

    public RequestApiKeyService(
            SaveKeyRequestPort saveKeyRequest,
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            Clock clock) {
        this.saveKeyRequest = Objects.requireNonNull(saveKeyRequest, "saveKeyRequest");
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.saveApiKey = Objects.requireNonNull(saveApiKey, "saveApiKey");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RequestApiKeyResult request(RequestApiKeyCommand command) {
        Instant now = clock.instant();
        Optional<Refusal> refused = throttle.take(
                Bucket.of(limits.requestsPerClient(), command.client()),
                Bucket.of(limits.requestsPerEmail(), command.email()),
                Bucket.everyone(limits.requestsGlobal()));
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(now, "key request"));
            return new RequestApiKeyResult.RateLimited(refused.get().retryAfter());
        }
        KeyRequest request = KeyRequest.accept(RequestId.random(), command.email(), command.name(), now);
        // One transaction, one commit: the request, the keys it supersedes, and its audit events.
        transaction.inTransaction(() -> {
            saveKeyRequest.insert(request);
            for (ApiKey older : loadApiKey.lockOwner(command.email())) {
                // A key verified meanwhile is active: a request never touches that.
                if (older.isSupersedable() && saveApiKey.compareAndSet(older, older.supersede())) {
                    auditTrail.record(SecurityEvent.of(SecurityEvent.Type.SUPERSEDED, now, older, command.client()));
                }
            }
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.REQUESTED, now, command.email(), command.client(), "request " + request.id()));
        });
        return new RequestApiKeyResult.Accepted(request.id());
    }
}
