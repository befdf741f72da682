package com.latchkey.bootstrap;

import com.latchkey.application.port.in.DescribeStoredDataUseCase;
import com.latchkey.application.service.DataInventory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Builds the personal-data services of SPEC §9 with {@code new}, beside {@link ServiceFactory}. */
@Factory
class PrivacyFactory {

    /** The inventory behind /privacy and docs/privacy.md, with the durations of the settings in force. */
    @Singleton
    DescribeStoredDataUseCase dataInventory(
            LatchkeySettings settings,
            @Property(name = "latchkey.brand") String brand,
            @Property(name = "latchkey.retention.audit") Duration auditRetention,
            @Property(name = "latchkey.pickup-retention") Duration pickupRetention) {
        return new DataInventory(brand, settings.deliveryPolicy().verifyWindow(), auditRetention, pickupRetention);
    }
}
