package com.latchkey.bootstrap;

import com.latchkey.application.port.in.CheckIntegrationAccessUseCase;
import com.latchkey.application.port.in.DecideConsentUseCase;
import com.latchkey.application.port.in.ListConsentsUseCase;
import com.latchkey.application.port.in.PreviewConsentUseCase;
import com.latchkey.application.port.in.RequestConsentUseCase;
import com.latchkey.application.port.in.RequestOwnerLinkUseCase;
import com.latchkey.application.port.in.WithdrawConsentUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.LoadOwnerLinkPort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.CheckIntegrationAccessService;
import com.latchkey.application.service.DecideConsentService;
import com.latchkey.application.service.IntegrationSecrets;
import com.latchkey.application.service.ListConsentsService;
import com.latchkey.application.service.OwnerLinks;
import com.latchkey.application.service.PresentedKeys;
import com.latchkey.application.service.PreviewConsentService;
import com.latchkey.application.service.RequestConsentService;
import com.latchkey.application.service.RequestOwnerLinkService;
import com.latchkey.application.service.WithdrawConsentService;
import com.latchkey.domain.ApiKeyFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the consent services of SPEC §8 with {@code new}, beside {@link ServiceFactory}. */
@Factory
class ConsentFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentFactory.class);

    /** The prefix of owner links' tokens: the keys' format, told apart at a glance (SPEC §8). */
    static final String LINK_PREFIX = "ecl_";

    /** Owner-link mails handed to the chosen transport after the answer ({@link LinkMailsInBackground}). */
    static final String IN_BACKGROUND = "in-background";

    @Singleton
    OwnerLinks ownerLinks(
            KeyDigestPort digests, LoadOwnerLinkPort loadLink, SaveOwnerLinkPort saveLink, LinkSettings links) {
        return new OwnerLinks(
                ApiKeyFormat.withPrefix(LINK_PREFIX),
                digests,
                loadLink,
                saveLink,
                links.lifetimes(),
                new SecureRandom());
    }

    @Singleton
    IntegrationSecrets integrationSecrets(KeyDigestPort digests, LoadIntegrationPort integrations) {
        return new IntegrationSecrets(
                ApiKeyFormat.withPrefix(ServiceFactory.INTEGRATION_SECRET_PREFIX), digests, integrations);
    }

    /** Secondary, as the store's decorators are: the chosen mail adapter stays the one the family counts. */
    @Singleton
    @Named(IN_BACKGROUND)
    @Secondary
    @Bean(preDestroy = "stop")
    LinkMailsInBackground linkMailsInBackground(
            SendOwnerLinkPort transport, AuditTrailPort auditTrail, Clock clock, MeterRegistry meters) {
        return new LinkMailsInBackground(transport, auditTrail, clock, meters, Duration.ofSeconds(2), 1_000);
    }

    /** Integrations only read keys: through the key-state cache, as {@code /integrations/me} does. */
    @Singleton
    RequestConsentUseCase requestConsent(
            LatchkeySettings settings,
            LimitSettings limits,
            IntegrationSecrets integrations,
            KeyDigestPort digests,
            @Named(ServiceFactory.CACHED) LoadApiKeyPort cachedKeys,
            OwnerLinks links,
            @Named(IN_BACKGROUND) SendOwnerLinkPort mail,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            Clock clock) {
        return new RequestConsentService(
                integrations,
                new PresentedKeys(settings.keyFormat(), digests, cachedKeys),
                links,
                settings.scopes(),
                mail,
                auditTrail,
                rateLimits,
                settings.rateLimits(),
                limits.consentLimits(),
                clock);
    }

    @Singleton
    CheckIntegrationAccessUseCase checkIntegrationAccess(
            LatchkeySettings settings,
            IntegrationSecrets integrations,
            KeyDigestPort digests,
            @Named(ServiceFactory.CACHED) LoadApiKeyPort cachedKeys,
            LoadConsentGrantPort grants,
            @Named(ServiceFactory.WRITTEN_BEHIND) RecordKeyUsePort keyUses,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            Clock clock) {
        return new CheckIntegrationAccessService(
                integrations,
                new PresentedKeys(settings.keyFormat(), digests, cachedKeys),
                grants,
                settings.scopes(),
                keyUses,
                auditTrail,
                rateLimits,
                settings.rateLimits(),
                clock);
    }

    /**
     * What an owner's link request does after the answer (look the email up, make the link, mail it):
     * on a virtual thread of its own, so the answer's time tells nothing of the email. A failure (the
     * database down) loses that link; the owner asks again.
     */
    @Singleton
    RequestOwnerLinkUseCase requestOwnerLink(
            OwnerStoresPort stores,
            OwnerLinks links,
            @Named(IN_BACKGROUND) SendOwnerLinkPort mail,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            LimitSettings limits,
            Clock clock) {
        Executor afterAnswer = task -> Thread.ofVirtual().name("owner-link").start(() -> {
            try {
                task.run();
            } catch (RuntimeException failed) {
                LOG.warn("an owner link was not made ({})", failed.getClass().getSimpleName());
            }
        });
        return new RequestOwnerLinkService(
                stores, links, mail, auditTrail, rateLimits, limits.consentLimits(), clock, afterAnswer);
    }

    @Singleton
    PreviewConsentUseCase previewConsent(
            LatchkeySettings settings, OwnerLinks links, LoadIntegrationPort integrations, Clock clock) {
        return new PreviewConsentService(links, integrations, settings.scopes(), clock);
    }

    @Singleton
    DecideConsentUseCase decideConsent(
            OwnerLinks links,
            LoadIntegrationPort integrations,
            LoadConsentGrantPort loadGrants,
            SaveConsentGrantPort grants,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            Clock clock) {
        return new DecideConsentService(links, integrations, loadGrants, grants, transaction, auditTrail, clock);
    }

    @Singleton
    ListConsentsUseCase listConsents(
            LatchkeySettings settings,
            OwnerLinks links,
            LoadConsentGrantPort grants,
            LoadIntegrationPort integrations,
            Clock clock) {
        return new ListConsentsService(links, grants, integrations, settings.scopes(), clock);
    }

    @Singleton
    WithdrawConsentUseCase withdrawConsent(
            OwnerLinks links, SaveConsentGrantPort grants, AuditTrailPort auditTrail, Clock clock) {
        return new WithdrawConsentService(links, grants, auditTrail, clock);
    }
}
