package com.latchkey.application.service;

import com.latchkey.application.port.in.ListConsentsUseCase;
import com.latchkey.application.port.in.ScopeDescription;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Lists what the holder of a manage link granted, integration by integration, each scope in plain words. */
public final class ListConsentsService implements ListConsentsUseCase {

    private final OwnerLinks links;
    private final LoadConsentGrantPort grants;
    private final LoadIntegrationPort integrations;
    private final ScopeCatalog catalog;
    private final Clock clock;

    public ListConsentsService(
            OwnerLinks links,
            LoadConsentGrantPort grants,
            LoadIntegrationPort integrations,
            ScopeCatalog catalog,
            Clock clock) {
        this.links = Objects.requireNonNull(links, "links");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.integrations = Objects.requireNonNull(integrations, "integrations");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result list(String token) {
        Optional<OwnerLink> link = links.find(token, LinkPurpose.MANAGE_CONSENTS, clock.instant());
        if (link.isEmpty()) {
            return new Result.LinkNotValid();
        }
        List<Consent> consents = grants.loadByStore(link.get().storeId()).stream()
                .flatMap(grant -> integrations.load(grant.integrationId()).stream()
                        .filter(integration -> DecideConsentService.isCurrent(grant, integration))
                        .map(integration -> new Consent(
                                integration.id(),
                                integration.name(),
                                grant.scopes().stream()
                                        .map(scope -> new ScopeDescription(scope, catalog.describe(scope)))
                                        .toList(),
                                grant.grantedAt(),
                                grant.updatedAt())))
                .toList();
        return new Result.Listed(consents, link.get().expiresAt());
    }
}
