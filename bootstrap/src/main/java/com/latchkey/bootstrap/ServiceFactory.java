package com.latchkey.bootstrap;

import com.latchkey.application.port.in.AuthenticateIntegrationUseCase;
import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.GetKeyRequestStatusUseCase;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.application.port.in.RevokeApiKeyUseCase;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.RateLimitPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.AuthenticateIntegrationService;
import com.latchkey.application.service.DeliverPendingKeysService;
import com.latchkey.application.service.GetKeyRequestStatusService;
import com.latchkey.application.service.PresentedKeys;
import com.latchkey.application.service.RequestApiKeyService;
import com.latchkey.application.service.RevokeApiKeyService;
import com.latchkey.application.service.VerifyApiKeyService;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** Builds each service with {@code new} from the adapters' ports: the application is never scanned. */
@Factory
class ServiceFactory {

    /** The store's key ports seen through the key-state cache (adapters-keycache): changes made here update it. */
    static final String CACHED = "cached";

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
            LimitSettings limits) {
        return new LatchkeySettings(
                LatchkeySettings.keyFormat(keyPrefix), delivery.policy(verifyWindow), limits.rateLimits());
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
            Clock clock) {
        return new VerifyApiKeyService(
                presentedKeys,
                loadApiKey,
                saveApiKey,
                transaction,
                auditTrail,
                rateLimits,
                settings.rateLimits(),
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
            Clock clock) {
        return new AuthenticateIntegrationService(
                new PresentedKeys(settings.keyFormat(), keyDigest, cachedKeys),
                auditTrail,
                rateLimits,
                settings.rateLimits(),
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
}
