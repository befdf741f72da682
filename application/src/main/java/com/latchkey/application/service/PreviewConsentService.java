package com.latchkey.application.service;

import com.latchkey.application.port.in.PreviewConsentUseCase;
import com.latchkey.application.port.in.ScopeDescription;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.OwnerLink;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/** Shows the holder of a consent link which integration asks for what, in plain words; decides nothing. */
public final class PreviewConsentService implements PreviewConsentUseCase {

    private final OwnerLinks links;
    private final LoadIntegrationPort integrations;
    private final ScopeCatalog catalog;
    private final Clock clock;

    public PreviewConsentService(
            OwnerLinks links, LoadIntegrationPort integrations, ScopeCatalog catalog, Clock clock) {
        this.links = Objects.requireNonNull(links, "links");
        this.integrations = Objects.requireNonNull(integrations, "integrations");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result preview(String token) {
        Optional<OwnerLink> link = links.find(token, LinkPurpose.CONSENT, clock.instant());
        return link.flatMap(asked -> DecideConsentService.currentIntegrationOf(integrations, asked)
                        .<Result>map(integration -> new Result.Preview(
                                integration.id(),
                                integration.name(),
                                asked.scopes().stream()
                                        .map(scope -> new ScopeDescription(scope, catalog.describe(scope)))
                                        .toList(),
                                asked.expiresAt())))
                .orElseGet(Result.LinkNotValid::new);
    }
}
