package com.latchkey.application.service;

import com.latchkey.application.port.in.RemoveIntegrationUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.util.Objects;

/** Removes an integration for an operator: its secret, and anything granted to it, end with it. */
public final class RemoveIntegrationService implements RemoveIntegrationUseCase {

    private final SaveIntegrationPort saveIntegration;
    private final SaveConsentGrantPort grants;
    private final TransactionPort transaction;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public RemoveIntegrationService(
            SaveIntegrationPort saveIntegration,
            SaveConsentGrantPort grants,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            Clock clock) {
        this.saveIntegration = Objects.requireNonNull(saveIntegration, "saveIntegration");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result remove(IntegrationId id, ClientAddress operator) {
        // One step: the integration and every grant to it end together (a grant written by a decision
        // racing this is ignored anyway, being older than any later registration of the id).
        int ended = transaction.inTransaction(() -> saveIntegration.delete(id) ? grants.withdrawAll(id) : -1);
        if (ended < 0) {
            return new Result.NotFound();
        }
        auditTrail.record(new SecurityEvent(
                        SecurityEvent.Type.INTEGRATION_REMOVED,
                        clock.instant(),
                        null,
                        null,
                        operator,
                        "integration " + id + " (" + ended + " grants ended)")
                .by(SecurityEvent.Actor.OPERATOR));
        return new Result.Removed();
    }
}
