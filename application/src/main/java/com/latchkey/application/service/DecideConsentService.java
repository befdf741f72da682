package com.latchkey.application.service;

import com.latchkey.application.port.in.DecideConsentUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.Integration;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes the owner's decision on a consent link, once: the link is used up first (of two decisions
 * on one link exactly one counts), then an approval adds the asked scopes to the store's grant to
 * that integration. A link whose integration was removed since is no longer valid.
 */
public final class DecideConsentService implements DecideConsentUseCase {

    private final OwnerLinks links;
    private final LoadIntegrationPort integrations;
    private final SaveConsentGrantPort grants;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public DecideConsentService(
            OwnerLinks links,
            LoadIntegrationPort integrations,
            SaveConsentGrantPort grants,
            AuditTrailPort auditTrail,
            Clock clock) {
        this.links = Objects.requireNonNull(links, "links");
        this.integrations = Objects.requireNonNull(integrations, "integrations");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result decide(Command command) {
        Instant now = clock.instant();
        Optional<OwnerLink> found = links.find(command.token(), LinkPurpose.CONSENT, now);
        if (found.isEmpty()) {
            return new Result.LinkNotValid();
        }
        OwnerLink link = found.get();
        Optional<Integration> integration =
                integrations.load(link.integrationId().orElseThrow());
        if (integration.isEmpty() || !links.use(link, now)) {
            return new Result.LinkNotValid();
        }
        String what = "integration " + integration.get().id() + " " + link.scopes();
        return switch (command.decision()) {
            case APPROVE -> {
                ConsentGrant grant =
                        grants.grant(link.storeId(), integration.get().id(), link.scopes(), now);
                auditTrail.record(SecurityEvent.of(
                        SecurityEvent.Type.CONSENT_GRANTED, now, link.owner(), command.client(), what));
                yield new Result.Granted(grant.scopes());
            }
            case DENY -> {
                auditTrail.record(
                        SecurityEvent.of(SecurityEvent.Type.CONSENT_DENIED, now, link.owner(), command.client(), what));
                yield new Result.Denied();
            }
        };
    }
}
