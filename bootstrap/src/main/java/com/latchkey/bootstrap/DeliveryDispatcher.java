package com.latchkey.bootstrap;

import com.latchkey.application.port.in.DeliverPendingKeysUseCase;
import com.latchkey.application.port.in.DeliveryReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the delivery on a schedule: every poll, {@code workers} loops in parallel each deliver
 * rounds of due requests until a round finds fewer than a full batch. They never take the same
 * request: claiming is safe between threads as it is between instances. A failing round (database
 * down) is logged and retried next poll.
 */
@Context
@Requires(property = "latchkey.delivery.enabled", notEquals = "false")
class DeliveryDispatcher implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final int MAX_ROUNDS_PER_POLL = 50;

    private final DeliverPendingKeysUseCase deliverPendingKeys;
    private final int batchSize;
    private final Counter sent;
    private final Counter failed;
    private final Counter released;
    private final Timer rounds;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ExecutorService workers;
    private final int workerCount;

    DeliveryDispatcher(
            DeliverPendingKeysUseCase deliverPendingKeys,
            LatchkeySettings settings,
            MeterRegistry meters,
            @Property(name = "latchkey.delivery.workers", defaultValue = "4") int workerCount) {
        if (workerCount < 1 || workerCount > 64) {
            throw new ConfigurationException("LATCHKEY_DELIVERY_WORKERS must be a number from 1 to 64");
        }
        this.deliverPendingKeys = deliverPendingKeys;
        this.batchSize = settings.deliveryPolicy().batchSize();
        this.workerCount = workerCount;
        this.workers = Executors.newFixedThreadPool(workerCount, runnable -> {
            Thread thread = new Thread(runnable, "delivery-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.sent = meters.counter("latchkey.mails.sent");
        this.failed = meters.counter("latchkey.mails.failed");
        this.released = Counter.builder("latchkey.mails.released")
                .description(
                        "claimed requests whose mail was not begun before the claim's half-time (no attempt counted)")
                .register(meters);
        this.rounds = Timer.builder("latchkey.delivery")
                .description("one round of delivery attempts")
                .register(meters);
    }

    /** On shutdown: claim nothing more; the attempt in progress finishes (its request is safe either way). */
    @PreDestroy
    void stop() {
        stopping.set(true);
        workers.shutdown();
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        stop();
        synchronized (this) {
            return CompletableFuture.completedFuture(null);
        }
    }

    @Scheduled(
            fixedDelay = "${latchkey.delivery.poll-interval:1s}",
            initialDelay = "${latchkey.delivery.poll-interval:1s}")
    synchronized void deliverDue() {
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < workerCount && !stopping.get(); i++) {
            loops.add(workers.submit(this::deliverRounds));
        }
        for (Future<?> loop : loops) {
            try {
                loop.get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException impossible) {
                LOG.warn(
                        "delivery loop ended: {}",
                        impossible.getCause().getClass().getName());
            }
        }
    }

    private void deliverRounds() {
        try {
            for (int round = 0; round < MAX_ROUNDS_PER_POLL && !stopping.get(); round++) {
                DeliveryReport report = rounds.record(deliverPendingKeys::deliverDue);
                sent.increment(report.delivered());
                failed.increment(report.failed());
                released.increment(report.released());
                // Requests released (their claim ran short) are due again at once: the next poll
                // takes them, not a loop that could claim and release them over and over.
                if (report.claimed() < batchSize || report.released() > 0) {
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
