package com.latchkey.bootstrap;

import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.GetKeyRequestStatusUseCase;
import com.latchkey.application.port.in.RequestApiKeyUseCase;
import com.latchkey.application.port.in.VerifyApiKeyUseCase;
import com.latchkey.application.port.out.ClaimDueKeyRequestsPort;
import com.latchkey.application.port.out.KeyDigestPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.RecordDeliveryAttemptPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SaveKeyRequestPort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.DeliverPendingKeysService;
import com.latchkey.application.service.GetKeyRequestStatusService;
import com.latchkey.application.service.RequestApiKeyService;
import com.latchkey.application.service.VerifyApiKeyService;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** Builds each service with {@code new} from the adapters' ports: the application is never scanned. */
@Factory
class ServiceFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Context
    LatchkeySettings settings(
            @Property(name = "latchkey.key.prefix", defaultValue = "eck_") String keyPrefix,
            @Property(name = "latchkey.verify-window", defaultValue = "PT24H") String verifyWindow,
            @Property(name = "latchkey.delivery.max-attempts", defaultValue = "8") int maxAttempts,
            @Property(name = "latchkey.delivery.initial-backoff", defaultValue = "PT10S") String initialBackoff,
            @Property(name = "latchkey.delivery.max-backoff", defaultValue = "PT30M") String maxBackoff,
            @Property(name = "latchkey.delivery.lease", defaultValue = "PT5M") String lease,
            @Property(name = "latchkey.delivery.batch-size", defaultValue = "20") int batchSize) {
        return new LatchkeySettings(
                LatchkeySettings.keyFormat(keyPrefix),
                LatchkeySettings.deliveryPolicy(
                        maxAttempts,
                        LatchkeySettings.duration("LATCHKEY_DELIVERY_INITIAL_BACKOFF", initialBackoff),
                        LatchkeySettings.duration("LATCHKEY_DELIVERY_MAX_BACKOFF", maxBackoff),
                        LatchkeySettings.duration("LATCHKEY_DELIVERY_LEASE", lease),
                        batchSize,
                        LatchkeySettings.duration("LATCHKEY_VERIFY_WINDOW", verifyWindow)));
    }

    @Singleton
    RequestApiKeyUseCase requestApiKey(SaveKeyRequestPort saveKeyRequest, Clock clock) {
        return new RequestApiKeyService(saveKeyRequest, clock);
    }

    @Singleton
    GetKeyRequestStatusUseCase getKeyRequestStatus(LoadKeyRequestPort loadKeyRequest) {
        return new GetKeyRequestStatusService(loadKeyRequest);
    }

    @Singleton
    VerifyApiKeyUseCase verifyApiKey(
            LatchkeySettings settings,
            KeyDigestPort keyDigest,
            LoadApiKeyPort loadApiKey,
            SaveApiKeyPort saveApiKey,
            Clock clock) {
        return new VerifyApiKeyService(settings.keyFormat(), keyDigest, loadApiKey, saveApiKey, clock);
    }

    @Singleton
    DeliverPendingKeysUseCase deliverPendingKeys(
            LatchkeySettings settings,
            ClaimDueKeyRequestsPort claimDueKeyRequests,
            SaveKeyRequestPort saveKeyRequest,
            SaveApiKeyPort saveApiKey,
            RecordDeliveryAttemptPort recordDeliveryAttempt,
            SendKeyMailPort sendKeyMail,
            KeyDigestPort keyDigest,
            TransactionPort transaction,
            Clock clock) {
        return new DeliverPendingKeysService(
                claimDueKeyRequests,
                saveKeyRequest,
                saveApiKey,
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
