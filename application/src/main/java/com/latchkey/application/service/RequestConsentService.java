package com.latchkey.application.service;

import com.latchkey.application.port.in.RequestConsentUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.service.Throttle.Bucket;
import com.latchkey.application.service.Throttle.Refusal;
import com.latchkey.domain.ApiKey;
import com.latchkey.domain.Integration;
import com.latchkey.domain.LinkPurpose;
import com.latchkey.domain.Scope;
import com.latchkey.domain.SecurityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An integration asks a store's owner for scopes. The integration must present its own secret and
 * the store's active key, and ask only for scopes it is registered for; then the owner is mailed a
 * consent link (72 h, once), at most {@link ConsentLimits#consentRequestsPerStore} times per
 * integration and store. Failed credentials are limited per client address, as a bearer's are.
 */
public final class RequestConsentService implements RequestConsentUseCase {

    private final IntegrationSecrets integrations;
    private final PresentedKeys presentedKeys;
    private final OwnerLinks links;
    private final ScopeCatalog catalog;
    private final SendOwnerLinkPort mail;
    private final AuditTrailPort auditTrail;
    private final Throttle throttle;
    private final FailedAuthentications failures;
    private final ConsentLimits consentLimits;
    private final Clock clock;

    public RequestConsentService(
            IntegrationSecrets integrations,
            PresentedKeys presentedKeys,
            OwnerLinks links,
            ScopeCatalog catalog,
            SendOwnerLinkPort mail,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            RateLimits limits,
            ConsentLimits consentLimits,
            Clock clock) {
        this.integrations = Objects.requireNonNull(integrations, "integrations");
        this.presentedKeys = Objects.requireNonNull(presentedKeys, "presentedKeys");
        this.links = Objects.requireNonNull(links, "links");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.mail = Objects.requireNonNull(mail, "mail");
        this.auditTrail = Objects.requireNonNull(auditTrail, "auditTrail");
        this.throttle = new Throttle(rateLimits);
        this.failures = new FailedAuthentications(rateLimits, limits, auditTrail, clock);
        this.consentLimits = Objects.requireNonNull(consentLimits, "consentLimits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result request(Command command) {
        Optional<Integration> integration = integrations.authenticate(command.integration());
        if (integration.isEmpty()) {
            return failures.count(command.client(), "integration credentials")
                    .<Result>map(Result.RateLimited::new)
                    .orElseGet(Result.InvalidIntegration::new);
        }
        Optional<ApiKey> key = presentedKeys.find(command.apiKey()).filter(ApiKey::admitsIntegrations);
        if (key.isEmpty()) {
            return failures.count(command.client(), "consent request key")
                    .<Result>map(Result.RateLimited::new)
                    .orElseGet(Result.InvalidCredentials::new);
        }
        Integration asking = integration.get();
        Set<String> registered = new TreeSet<>();
        asking.scopes().forEach(scope -> registered.add(scope.value()));
        List<String> outside = command.scopes().stream()
                .filter(scope -> !registered.contains(scope))
                .sorted()
                .toList();
        if (!outside.isEmpty() || command.scopes().isEmpty()) {
            return new Result.ScopesNotRegistered(outside);
        }
        ApiKey store = key.get();
        Instant now = clock.instant();
        Optional<Refusal> refused = throttle.take(new Bucket(
                consentLimits.consentRequestsPerStore(), asking.id() + " " + store.storeId(), store.email(), null));
        if (refused.isPresent()) {
            auditTrail.record(refused.get().event(now, "consent request by " + asking.id()));
            return new Result.RateLimited(refused.get().retryAfter());
        }
        Set<Scope> asked = new TreeSet<>();
        command.scopes().forEach(scope -> asked.add(new Scope(scope)));
        OwnerLinks.Minted minted = links.consent(store.email(), store.storeId(), asking.id(), asked, now);
        auditTrail.record(SecurityEvent.of(
                        SecurityEvent.Type.CONSENT_REQUESTED,
                        now,
                        store.email(),
                        command.client(),
                        "integration " + asking.id() + " " + asked)
                .withKey(store.id()));
        mail.send(new OwnerLinkMail(
                store.email(),
                LinkPurpose.CONSENT,
                minted.token(),
                minted.link().expiresAt(),
                Optional.of(asking.name()),
                asked.stream()
                        .map(scope -> new OwnerLinkMail.AskedScope(scope.value(), catalog.describe(scope)))
                        .toList()));
        return new Result.Requested(minted.link().id());
    }
}
