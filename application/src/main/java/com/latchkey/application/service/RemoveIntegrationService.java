package com.latchkey.application.service;

import com.latchkey.application.port.in.RemoveIntegrationUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.util.Objects;

/** Removes an integration for an operator: its secret, and anything granted to it, end with it. */
public final class RemoveIntegrationService implements RemoveIntegrationUseCase {

    private final SaveIntegrationPort saveIntegration;
    private final SaveConsentGrantPort grants;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public RemoveIntegrationService(
            SaveIntegrationPort saveIntegration, SaveConsentGrantPort grants, AuditTrailPort auditTrail, Clock clock) {
        this.saveIntegration = Objects.requireNonNull(saveIntegration, "saveIntegration");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result remove(IntegrationId id, ClientAddress operator) {
        if (!saveIntegration.delete(id)) {
            return new Result.NotFound();
        }
        int ended = grants.withdrawAll(id);
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
