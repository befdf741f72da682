package com.latchkey.bootstrap;

import com.latchkey.application.port.in.AuthenticateIntegrationUseCase;
import com.latchkey.application.port.in.AuthenticateOperatorUseCase;
import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.FindOwnerKeysUseCase;
import com.latchkey.application.port.in.GetKeyRequestStatusUseCase;
import com.latchkey.application.port.in.ListIntegrationsUseCase;
import com.latchkey.application.port.in.ReadAuditTrailUseCase;
import com.latchkey.application.port.in.ReadSecretUsageUseCase;
import com.latchkey.application.port.in.RegisterIntegrationUseCase;
import com.latchkey.application.port.in.RemoveIntegrationUseCase;
import com.latchkey.application.port.in.ReportLeakedKeysUseCase;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.application.port.in.RevokeApiKeyUseCase;
import com.latchkey.application.port.in.RevokeKeyByIdUseCase;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.CheckLeakReportSignaturePort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadIntegrationPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.LoadSecretUsagePort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.RecordKeyUsePort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveConsentGrantPort;
import com.latchkey.application.port.out.SaveIntegrationPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.AuthenticateIntegrationService;
import com.latchkey.application.service.AuthenticateOperatorService;
import com.latchkey.application.service.DeliverPendingKeysService;
import com.latchkey.application.service.FindOwnerKeysService;
import com.latchkey.application.service.GetKeyRequestStatusService;
import com.latchkey.application.service.ListIntegrationsService;
import com.latchkey.application.service.PresentedKeys;
import com.latchkey.application.service.ReadAuditTrailService;
import com.latchkey.application.service.ReadSecretUsageService;
import com.latchkey.application.service.RegisterIntegrationService;
import com.latchkey.application.service.RemoveIntegrationService;
import com.latchkey.application.service.ReportLeakedKeysService;
import com.latchkey.application.service.RequestApiKeyService;
import com.latchkey.application.service.RevokeApiKeyService;
import com.latchkey.application.service.RevokeKeyByIdService;
import com.latchkey.application.service.ScopeCatalog;
import com.latchkey.application.service.VerifyApiKeyService;
import com.latchkey.domain.ApiKeyFormat;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** Builds each service with {@code new} from the adapters' ports: the application is never scanned. */
@Factory
class ServiceFactory {

    /** The store's key ports seen through the key-state cache (adapters-keycache): changes made here update it. */
    static final String CACHED = "cached";

    /** The store's record of key uses, written behind (adapters-keycache): never a write per call. */
    static final String WRITTEN_BEHIND = "written-behind";

    /** The prefix of integrations' secrets: the keys' format, told apart from keys at a glance (SPEC §8). */
    static final String INTEGRATION_SECRET_PREFIX = "eci_";

    /** {@code LATCHKEY_ADMIN_TOKEN}: the admin API exists only when it is set (SPEC §10). */
    static final String ADMIN_TOKEN = "latchkey.admin.token";

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The services' settings, each checked at start with one line that names it (defaults: application.yml). */
    @Context
    LatchkeySettings settings(
            @Property(name = "latchkey.key.prefix") String keyPrefix,
            @Property(name = "latchkey.verify-window") String verifyWindow,
            DeliverySettings delivery,
            LimitSettings limits,
            @Nullable @Property(name = ADMIN_TOKEN) String adminToken,
            @Property(name = "latchkey.scopes") ScopeCatalog scopes) {
        if (adminToken != null && adminToken.strip().length() < AuthenticateOperatorService.MIN_TOKEN_LENGTH) {
            throw new ConfigurationException("LATCHKEY_ADMIN_TOKEN must be at least "
                    + AuthenticateOperatorService.MIN_TOKEN_LENGTH
                    + " characters of secret text (or unset, which turns the admin API off)");
        }
        return new LatchkeySettings(
                LatchkeySettings.keyFormat(keyPrefix), delivery.policy(verifyWindow), limits.rateLimits(), scopes);
    }

    /** Keys read fresh from the store: for verification and revocation, which change them. */
    @Singleton
    PresentedKeys presentedKeys(LatchkeySettings settings, KeyDigestPort keyDigest, LoadApiKeyPort loadApiKey) {
        return new PresentedKeys(settings.keyFormat(), keyDigest, loadApiKey);
    }

    @Singleton
    RequestApiKeyUseCase requestApiKey(
            LatchkeySettings settings,
            SaveKeyRequestPort saveKeyRequest,
            LoadApiKeyPort loadApiKey,
            @Named(CACHED) SaveApiKeyPort saveApiKey,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            Clock clock) {
        return new RequestApiKeyService(
                saveKeyRequest,
                loadApiKey,
                saveApiKey,
                transaction,
                auditTrail,
                rateLimits,
                settings.rateLimits(),
                clock);
    }

    @Singleton
    GetKeyRequestStatusUseCase getKeyRequestStatus(LoadKeyRequestPort loadKeyRequest) {
        return new GetKeyRequestStatusService(loadKeyRequest);
    }

    @Singleton
    VerifyApiKeyUseCase verifyApiKey(
            LatchkeySettings settings,
            PresentedKeys presentedKeys,
            LoadApiKeyPort loadApiKey,
            @Named(CACHED) SaveApiKeyPort saveApiKey,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            @Named(WRITTEN_BEHIND) RecordKeyUsePort keyUses,
            Clock clock) {
        return new VerifyApiKeyService(
                presentedKeys,
                loadApiKey,
                saveApiKey,
                transaction,
                auditTrail,
                rateLimits,
                settings.rateLimits(),
                keyUses,
                clock);
    }

    /**
     * Integrations only read keys, all the time: they are found through the key-state cache (the
     * store's key port decorated by adapters-keycache, named {@value #CACHED}).
     */
    @Singleton
    AuthenticateIntegrationUseCase authenticateIntegration(
            LatchkeySettings settings,
            KeyDigestPort keyDigest,
            @Named(CACHED) LoadApiKeyPort cachedKeys,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            @Named(WRITTEN_BEHIND) RecordKeyUsePort keyUses,
            Clock clock) {
        return new AuthenticateIntegrationService(
                new PresentedKeys(settings.keyFormat(), keyDigest, cachedKeys),
                auditTrail,
                rateLimits,
                settings.rateLimits(),
                keyUses,
                clock);
    }

    @Singleton
    RevokeApiKeyUseCase revokeApiKey(
            LatchkeySettings settings,
            PresentedKeys presentedKeys,
            @Named(CACHED) SaveApiKeyPort saveApiKey,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            Clock clock) {
        return new RevokeApiKeyService(presentedKeys, saveApiKey, auditTrail, rateLimits, settings.rateLimits(), clock);
    }

    @Singleton
    DeliverPendingKeysUseCase deliverPendingKeys(
            LatchkeySettings settings,
            ClaimDueKeyRequestsPort claimDueKeyRequests,
            SaveKeyRequestPort saveKeyRequest,
            @Named(CACHED) SaveApiKeyPort saveApiKey,
            LoadApiKeyPort loadApiKey,
            OwnerStoresPort stores,
            AuditTrailPort auditTrail,
            RecordDeliveryAttemptPort recordDeliveryAttempt,
            SendKeyMailPort sendKeyMail,
            KeyDigestPort keyDigest,
            TransactionPort transaction,
            Clock clock) {
        return new DeliverPendingKeysService(
                claimDueKeyRequests,
                saveKeyRequest,
                saveApiKey,
                loadApiKey,
                stores,
                auditTrail,
                recordDeliveryAttempt,
                sendKeyMail,
                keyDigest,
                transaction,
                settings.keyFormat(),
                settings.deliveryPolicy(),
                clock,
                new SecureRandom());
    }

    /** Only with {@code LATCHKEY_ADMIN_TOKEN}: without it there is no admin API to let anyone into. */
    @Singleton
    @Requires(property = ADMIN_TOKEN)
    AuthenticateOperatorUseCase authenticateOperator(
            @Property(name = ADMIN_TOKEN) String adminToken,
            LimitSettings limits,
            RateLimitPort rateLimits,
            AuditTrailPort auditTrail,
            Clock clock) {
        return new AuthenticateOperatorService(adminToken, rateLimits, limits.adminLimit(), auditTrail, clock);
    }

    @Singleton
    RegisterIntegrationUseCase registerIntegration(
            LatchkeySettings settings,
            SaveIntegrationPort saveIntegration,
            KeyDigestPort keyDigest,
            AuditTrailPort auditTrail,
            Clock clock) {
        return new RegisterIntegrationService(
                saveIntegration,
                keyDigest,
                ApiKeyFormat.withPrefix(INTEGRATION_SECRET_PREFIX),
                settings.scopes(),
                auditTrail,
                clock,
                new SecureRandom());
    }

    @Singleton
    ListIntegrationsUseCase listIntegrations(
            LoadIntegrationPort loadIntegration, AuditTrailPort auditTrail, Clock clock) {
        return new ListIntegrationsService(loadIntegration, auditTrail, clock);
    }

    @Singleton
    RemoveIntegrationUseCase removeIntegration(
            SaveIntegrationPort saveIntegration,
            SaveConsentGrantPort grants,
            TransactionPort transaction,
            AuditTrailPort auditTrail,
            Clock clock) {
        return new RemoveIntegrationService(saveIntegration, grants, transaction, auditTrail, clock);
    }

    @Singleton
    FindOwnerKeysUseCase findOwnerKeys(
            LoadApiKeyPort loadApiKey, LoadKeyUsePort keyUses, AuditTrailPort auditTrail, Clock clock) {
        return new FindOwnerKeysService(loadApiKey, keyUses, auditTrail, clock);
    }

    @Singleton
    RevokeKeyByIdUseCase revokeKeyById(
            LoadApiKeyPort loadApiKey,
            @Named(CACHED) SaveApiKeyPort saveApiKey,
            SendOwnerNoticePort notices,
            AuditTrailPort auditTrail,
            Clock clock) {
        return new RevokeKeyByIdService(loadApiKey, saveApiKey, notices, auditTrail, clock);
    }

    @Singleton
    ReadAuditTrailUseCase readAuditTrail(ReadAuditTrailPort trail, AuditTrailPort auditTrail, Clock clock) {
        return new ReadAuditTrailService(trail, auditTrail, clock);
    }

    /** Reported keys are looked up fresh (not through the cache): a report changes them. */
    @Singleton
    ReportLeakedKeysUseCase reportLeakedKeys(
            LatchkeySettings settings,
            CheckLeakReportSignaturePort signatures,
            PresentedKeys presentedKeys,
            LoadApiKeyPort loadApiKey,
            @Named(CACHED) SaveApiKeyPort saveApiKey,
            SendOwnerNoticePort notices,
            AuditTrailPort auditTrail,
            RateLimitPort rateLimits,
            Clock clock) {
        return new ReportLeakedKeysService(
                signatures,
                presentedKeys,
                loadApiKey,
                saveApiKey,
                notices,
                auditTrail,
                rateLimits,
                settings.rateLimits().failedAuthenticationsPerClient(),
                clock);
    }

    @Singleton
    ReadSecretUsageUseCase readSecretUsage(
            KeyDigestPort keyDigest, LoadSecretUsagePort usage, AuditTrailPort auditTrail, Clock clock) {
        return new ReadSecretUsageService(keyDigest, usage, auditTrail, clock);
    }
}
