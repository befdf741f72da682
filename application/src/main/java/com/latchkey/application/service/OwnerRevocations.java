package com.latchkey.application.service;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.OwnerNotice;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.KeyId;
import com.latchkey.domain.KeyStatus;
import com.latchkey.domain.SecurityEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Revokes a key on someone else's word (an operator's, a leak report's) and tells its owner. A lost
 * race is tried again on the state that won; the notice goes out only after the revocation is
 * stored, and a notice the transport refuses leaves the key revoked.
 */
final class OwnerRevocations {

    private static final int ATTEMPTS = 5;

    private final LoadApiKeyPort loadApiKey;
    private final SaveApiKeyPort saveApiKey;
    private final SendOwnerNoticePort notices;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    OwnerRevocations(
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            SendOwnerNoticePort notices,
            AuditTrailPort auditTrail,
            Clock clock) {
        this.loadApiKey = Objects.requireNonNull(loadApiKey, "loadApiKey");
        this.saveApiKey = Objects.requireNonNull(saveApiKey, "saveApiKey");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    sealed interface Outcome {

        record Revoked(ApiKey key, boolean ownerNotified) implements Outcome {}

        /** Nothing changed: the key had ended already, or is still being delivered. */
        record NotRevocable(KeyStatus status) implements Outcome {}

        record NotFound() implements Outcome {}
    }

    Outcome revoke(KeyId id, SecurityEvent.Actor actor, ClientAddress client, Optional<URI> foundAt) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<ApiKey> stored = loadApiKey.loadById(id);
            if (stored.isEmpty()) {
                return new Outcome.NotFound();
            }
            ApiKey key = stored.get();
            if (key.status() != KeyStatus.PENDING && key.status() != KeyStatus.ACTIVE) {
                return new Outcome.NotRevocable(key.status());
            }
            ApiKey revoked = key.revoke();
            if (saveApiKey.compareAndSet(key, revoked)) {
                Instant now = clock.instant();
                auditTrail.record(SecurityEvent.of(SecurityEvent.Type.REVOKED, now, revoked, client)
                        .by(actor));
                return new Outcome.Revoked(revoked, notify(revoked, now, actor, foundAt));
            }
        }
        throw new IllegalStateException("a key changed " + ATTEMPTS + " times while it was being revoked");
    }

    private boolean notify(ApiKey revoked, Instant now, SecurityEvent.Actor actor, Optional<URI> foundAt) {
        OwnerNotice.Reason reason = actor == SecurityEvent.Actor.LEAK_REPORT
                ? OwnerNotice.Reason.REPORTED_LEAKED
                : OwnerNotice.Reason.REVOKED_BY_OPERATOR;
        try {
            notices.send(new OwnerNotice(
                    revoked.email(),
                    revoked.hint(),
                    now,
                    reason,
                    reason == OwnerNotice.Reason.REPORTED_LEAKED ? foundAt : Optional.empty()));
            return true;
        } catch (RuntimeException transportRefused) {
            // The key stays revoked; the operator sees ownerNotified=false, and the trail says so.
            auditTrail.record(SecurityEvent.of(SecurityEvent.Type.DELIVERY_FAILED, now, revoked, null)
                    .by(actor)
                    .withDetail("owner notice not sent"));
            return false;
        }
    }
}
