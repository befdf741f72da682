package com.latchkey.bootstrap;

import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.DeliveryReport;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the delivery on a schedule: every poll it delivers rounds of due requests until a round
 * finds fewer than a full batch. A failing round (database down) is logged and retried next poll.
 */
@Context
@Requires(property = "latchkey.delivery.enabled", notEquals = "false")
class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final int MAX_ROUNDS_PER_POLL = 50;

    private final DeliverPendingKeysUseCase deliverPendingKeys;
    private final int batchSize;

    DeliveryDispatcher(DeliverPendingKeysUseCase deliverPendingKeys, LatchkeySettings settings) {
        this.deliverPendingKeys = deliverPendingKeys;
        this.batchSize = settings.deliveryPolicy().batchSize();
    }

    @Scheduled(
            fixedDelay = "${latchkey.delivery.poll-interval:1s}",
            initialDelay = "${latchkey.delivery.poll-interval:1s}")
    void deliverDue() {
        try {
            for (int round = 0; round < MAX_ROUNDS_PER_POLL; round++) {
                DeliveryReport report = deliverPendingKeys.deliverDue();
                if (report.attempted() < batchSize) {
                    return;
                }
            }
        } catch (RuntimeException failed) {
            LOG.warn(
                    "delivery round failed, retrying next poll: {}",
                    failed.getClass().getName());
        }
    }
}
