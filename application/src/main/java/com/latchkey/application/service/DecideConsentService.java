package com.latchkey.application.service;

import com.latchkey.application.port.in.DecideConsentUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.TransactionPort;
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
 * Takes the owner's decision on a consent link, once: using the link up and writing the grant are
 * one transaction (of two decisions on one link exactly one counts, and a failed grant leaves the
 * link usable). A link made before its integration's current registration (the id was removed and
 * registered again, perhaps for someone else) is no longer valid, and a grant left from that older
 * registration is replaced, never added to.
 */
public final class DecideConsentService implements DecideConsentUseCase {

    private final OwnerLinks links;
    private final LoadIntegrationPort integrations;
    private final LoadConsentGrantPort loadGrants;
    private final SaveConsentGrantPort grants;
    private final TransactionPort transaction;
    private final AuditTrailPort auditTrail;
    private final Clock clock;

    public DecideConsentService(
            OwnerLinks links,
            LoadIntegrationPort integrations,
            LoadConsentGrantPort loadGrants,
            SaveConsentGrantPort grants,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            Clock clock) {
        this.links = Objects.requireNonNull(links, "links");
        this.integrations = Objects.requireNonNull(integrations, "integrations");
        this.loadGrants = Objects.requireNonNull(loadGrants, "loadGrants");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.transaction = Objects.requireNonNull(transaction, "transaction");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result decide(Command command) {
        Instant now = clock.instant();
        Optional<OwnerLink> found = links.find(command.token(), LinkPurpose.CONSENT, now);
        Optional<Integration> integration = found.flatMap(link -> currentIntegrationOf(integrations, link));
        if (integration.isEmpty()) {
            return new Result.LinkNotValid();
        }
        OwnerLink link = found.get();
        Integration asking = integration.get();
        Optional<Result> decided = transaction.inTransaction(() -> {
            if (!links.use(link, now)) {
                return Optional.<Result>empty();
            }
            return Optional.<Result>of(
                    switch (command.decision()) {
                        case APPROVE -> {
                            loadGrants
                                    .load(link.storeId(), asking.id())
                                    .filter(grant -> !isCurrent(grant, asking))
                                    .ifPresent(stale -> grants.withdraw(link.storeId(), asking.id()));
                            ConsentGrant grant = grants.grant(link.storeId(), asking.id(), link.scopes(), now);
                            yield new Result.Granted(grant.scopes());
                        }
                        case DENY -> new Result.Denied();
                    });
        });
        if (decided.isEmpty()) {
            return new Result.LinkNotValid();
        }
        String what = "integration " + asking.id() + " " + link.scopes();
        SecurityEvent.Type type = decided.get() instanceof Result.Granted
                ? SecurityEvent.Type.CONSENT_GRANTED
                : SecurityEvent.Type.CONSENT_DENIED;
        auditTrail.record(SecurityEvent.of(type, now, link.owner(), command.client(), what));
        return decided.get();
    }

    /** The integration a consent link asks for, if it is still registered as it was when the link was made. */
    static Optional<Integration> currentIntegrationOf(LoadIntegrationPort integrations, OwnerLink link) {
        return integrations
                .load(link.integrationId().orElseThrow())
                .filter(integration -> !link.createdAt().isBefore(integration.registeredAt()));
    }

    /** Whether a grant was given to this registration of its integration, not to an earlier one of the same id. */
    static boolean isCurrent(ConsentGrant grant, Integration integration) {
        return !grant.grantedAt().isBefore(integration.registeredAt());
    }
}
