package com.latchkey.application.service;

import com.latchkey.application.port.in.ListIntegrationsUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.domain.ClientAddress;
import com.latchkey.domain.Integration;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** The registered integrations for an operator; the look is audited. */
public final class ListIntegrationsService implements ListIntegrationsUseCase {

    private final LoadIntegrationPort loadIntegration;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public ListIntegrationsService(LoadIntegrationPort loadIntegration, AuditTrailPort auditTrail, Clock clock) {
        this.loadIntegration = Objects.requireNonNull(loadIntegration, "loadIntegration");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Integration> list(ClientAddress operator) {
        auditTrail.record(OperatorEvents.lookup(clock.instant(), operator, "integrations"));
        return loadIntegration.loadAll();
    }
}
