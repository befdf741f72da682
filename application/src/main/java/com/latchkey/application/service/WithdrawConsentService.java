package com.latchkey.application.service;

import com.latchkey.application.port.in.WithdrawConsentUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Withdraws, for the holder of a manage link, everything the store granted one integration. */
public final class WithdrawConsentService implements WithdrawConsentUseCase {

    private final OwnerLinks links;
    private final SaveConsentGrantPort grants;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public WithdrawConsentService(
            OwnerLinks links, SaveConsentGrantPort grants, AuditTrailPort auditTrail, Clock clock) {
        this.links = Objects.requireNonNull(links, "links");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result withdraw(Command command) {
        Instant now = clock.instant();
        Optional<OwnerLink> link = links.find(command.token(), LinkPurpose.MANAGE_CONSENTS, now);
        if (link.isEmpty()) {
            return new Result.LinkNotValid();
        }
        if (!grants.withdraw(link.get().storeId(), command.integrationId())) {
            return new Result.NotGranted();
        }
        auditTrail.record(SecurityEvent.of(
                SecurityEvent.Type.CONSENT_WITHDRAWN,
                now,
                link.get().owner(),
                command.client(),
                "integration " + command.integrationId()));
        return new Result.Withdrawn();
    }
}
