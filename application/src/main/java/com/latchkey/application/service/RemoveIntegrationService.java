package com.latchkey.application.service;

import com.latchkey.application.port.in.RemoveIntegrationUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.IntegrationId;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.util.Objects;

/** Removes an integration for an operator: its secret, and anything granted to it, end with it. */
public final class RemoveIntegrationService implements RemoveIntegrationUseCase {

    private final SaveIntegrationPort saveIntegration;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public RemoveIntegrationService(SaveIntegrationPort saveIntegration, AuditTrailPort auditTrail, Clock clock) {
        this.saveIntegration = Objects.requireNonNull(saveIntegration, "saveIntegration");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result remove(IntegrationId id, ClientAddress operator) {
        if (!saveIntegration.delete(id)) {
            return new Result.NotFound();
        }
        auditTrail.record(new SecurityEvent(
                        SecurityEvent.Type.INTEGRATION_REMOVED,
                        clock.instant(),
                        null,
                        null,
                        operator,
                        "integration " + id)
                .by(SecurityEvent.Actor.OPERATOR));
        return new Result.Removed();
    }
}
