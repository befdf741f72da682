package com.latchkey.bootstrap;

import com.latchkey.application.port.in.DescribeStoredDataUseCase;
import com.latchkey.application.port.in.EraseOwnerDataUseCase;
import com.latchkey.application.port.in.ExportOwnerDataUseCase;
import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.EraseOwnerDataPort;
import com.latchkey.application.port.out.LoadApiKeyPort;
import com.latchkey.application.port.out.LoadConsentGrantPort;
import com.latchkey.application.port.out.LoadKeyRequestPort;
import com.latchkey.application.port.out.LoadKeyUsePort;
import com.latchkey.application.port.out.OwnerStoresPort;
import com.latchkey.application.port.out.ReadAuditTrailPort;
import com.latchkey.application.port.out.SaveApiKeyPort;
import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.TransactionPort;
import com.latchkey.application.service.DataInventory;
import com.latchkey.application.service.EraseOwnerDataService;
import com.latchkey.application.service.ExportOwnerDataService;
import com.latchkey.application.service.OwnerLinks;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the personal-data services of SPEC §9 with {@code new}, beside {@link ServiceFactory}. */
@Factory
class PrivacyFactory {

    @Singleton
    ExportOwnerDataUseCase exportOwnerData(
            OwnerLinks links,
            LoadKeyRequestPort requests,
            LoadApiKeyPort keys,
            LoadKeyUsePort keyUses,
            OwnerStoresPort stores,
            LoadConsentGrantPort grants,
            ReadAuditTrailPort trail,
            TransactionPort transactions,
            AuditTrailPort auditTrail,
            Clock clock) {
        return new ExportOwnerDataService(
                links, requests, keys, keyUses, stores, grants, trail, transactions, auditTrail, clock);
    }

    /**
     * How long after an erasure the owner's audit events are stripped again: past the audit trail's
     * one-minute windows of counted refusals (written up to five seconds after a window ends) and the
     * link mails still being tried after their answer (2 s, then 8 s).
     */
    static final Duration AUDIT_WINDOWS = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFactory.class);

    /** Keys are revoked through the cache, so that it lets go of them at once, as any revocation does. */
    @Singleton
    EraseOwnerDataUseCase eraseOwnerData(
            OwnerLinks links,
            LoadApiKeyPort loadKeys,
            @Named(ServiceFactory.CACHED) SaveApiKeyPort saveKeys,
            EraseOwnerDataPort eraser,
            TransactionPort transactions,
            SendErasureNoticePort notices,
            AuditTrailPort auditTrail,
            Clock clock) {
        Executor onAVirtualThread =
                work -> Thread.ofVirtual().name("erasure-audit").start(() -> {
                    try {
                        work.run();
                    } catch (RuntimeException failed) {
                        LOG.warn(
                                "stripping an erased owner's late audit events failed ({})",
                                failed.getClass().getSimpleName());
                    }
                });
        return new EraseOwnerDataService(
                links,
                loadKeys,
                saveKeys,
                eraser,
                transactions,
                notices,
                auditTrail,
                clock,
                CompletableFuture.delayedExecutor(AUDIT_WINDOWS.toMillis(), TimeUnit.MILLISECONDS, onAVirtualThread));
    }

    /** The inventory behind /privacy and docs/privacy.md, with the durations of the settings in force. */
    @Singleton
    DescribeStoredDataUseCase dataInventory(
            LatchkeySettings settings,
            @Property(name = "latchkey.brand") String brand,
            @Property(name = "latchkey.retention.audit") Duration auditRetention,
            @Property(name = "latchkey.retention.ended") Duration endedRetention,
            @Property(name = "latchkey.pickup-retention") Duration pickupRetention) {
        return new DataInventory(
                brand, settings.deliveryPolicy().verifyWindow(), endedRetention, auditRetention, pickupRetention);
    }
}
