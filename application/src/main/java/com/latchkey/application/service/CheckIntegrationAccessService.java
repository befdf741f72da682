package com.latchkey.application.service;

import com.latchkey.application.port.in.CheckIntegrationAccessUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.ConsentGrant;
import com.latchkey.domain.Integration;
import com.latchkey.domain.Scope;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Answers an integration what the owner of the store behind an active key granted it: the scopes of
 * its grant that it is still registered for, and the owner's name and email only under {@code
 * owner:read}. Without a grant the store is identified and nothing more; a grant given to an
 * earlier registration of the same id counts for nothing, and neither does a scope no longer
 * configured.
 */
public final class CheckIntegrationAccessService implements CheckIntegrationAccessUseCase {

    static final Scope OWNER_READ = new Scope("owner:read");

    private final IntegrationSecrets integrations;
    private final PresentedKeys presentedKeys;
    private final LoadConsentGrantPort grants;
    private final ScopeCatalog catalog;
    private final RecordKeyUsePort keyUses;
    private final FailedAuthentications failures;
    private final Clock clock;

    public CheckIntegrationAccessService(
            IntegrationSecrets integrations,
            PresentedKeys presentedKeys,
            LoadConsentGrantPort grants,
            ScopeCatalog catalog,
            RecordKeyUsePort keyUses,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            Clock clock) {
        this.integrations = Objects.requireNonNull(integrations, "integrations");
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.keyUses = Objects.requireNonNull(keyUses, "keyUses");
        this.failures = new FailedAuthentications(rateLimits, limits, auditTrail, clock);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result check(Command command) {
        Optional<Integration> integration = integrations.authenticate(command.integration());
        if (integration.isEmpty()) {
            return failures.count(command.client(), "integration credentials")
                    .<Result>map(Result.RateLimited::new)
                    .orElseGet(Result.InvalidIntegration::new);
        }
        Optional<ApiKey> key = presentedKeys.find(command.apiKey()).filter(ApiKey::admitsIntegrations);
        if (key.isEmpty()) {
            return failures.count(command.client(), "access check key")
                    .<Result>map(Result.RateLimited::new)
                    .orElseGet(Result.InvalidCredentials::new);
        }
        ApiKey store = key.get();
        keyUses.used(store.id(), clock.instant());
        SortedSet<Scope> granted = grants.load(
                        store.storeId(), integration.get().id())
                .filter(grant -> DecideConsentService.isCurrent(grant, integration.get()))
                .map(ConsentGrant::scopes)
                .orElseGet(TreeSet::new);
        granted.retainAll(integration.get().scopes());
        // A scope an operator took out of LATCHKEY_SCOPES is granted no more, whatever was approved.
        granted.removeIf(scope -> catalog.find(scope.value()).isEmpty());
        Optional<Owner> owner = granted.contains(OWNER_READ)
                ? Optional.of(new Owner(store.ownerName(), store.email()))
                : Optional.empty();
        return new Result.Access(store.storeId(), store.id(), granted, owner);
    }
}
