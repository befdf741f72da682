package com.latchkey.bootstrap;

import com.latchkey.application.service.DeliveryPolicy;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * How keys are delivered ({@code LATCHKEY_DELIVERY_*}); their defaults are in application.yml. The
 * durations are ISO-8601 ({@code PT10S}), each read with an error that names its setting.
 */
@ConfigurationProperties("latchkey.delivery")
record DeliverySettings(int maxAttempts, String initialBackoff, String maxBackoff, String lease, int batchSize) {

    /** The policy of delivery, with the window in which a delivered key must be verified. */
    DeliveryPolicy policy(String verifyWindow) {
        try {
            return new DeliveryPolicy(
                    maxAttempts,
                    LatchkeySettings.duration("LATCHKEY_DELIVERY_INITIAL_BACKOFF", initialBackoff),
                    LatchkeySettings.duration("LATCHKEY_DELIVERY_MAX_BACKOFF", maxBackoff),
                    LatchkeySettings.duration("LATCHKEY_DELIVERY_LEASE", lease),
                    batchSize,
                    LatchkeySettings.duration("LATCHKEY_VERIFY_WINDOW", verifyWindow));
        } catch (IllegalArgumentException invalid) {
            throw new ConfigurationException("LATCHKEY_DELIVERY_*: " + invalid.getMessage());
        }
    }
}
