package com.latchkey.bootstrap;

import com.latchkey.application.port.out.AuditTrailPort;
import com.latchkey.application.port.out.OwnerLinkMail;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.domain.SecurityEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands owner-link mails to the transport after the answer, each on a virtual thread of its own
 * (waiting between tries costs no carrier thread), with a few retries: a slow or failing mail server
 * never holds a request. At most {@code inFlight} mails wait at once; beyond that a mail is given
 * up at once. The link's token exists only in memory until the transport took the mail; a mail
 * still failing after its tries is audited and counted, and the owner (or the integration) asks
 * again. A crash loses the mails not yet handed over (docs/operations.md).
 */
final class LinkMailsInBackground implements SendOwnerLinkPort {

    private static final Logger LOG = LoggerFactory.getLogger(LinkMailsInBackground.class);
    static final int TRIES = 3;

    private final SendOwnerLinkPort transport;
    private final AuditTrailPort auditTrail;
    private final Clock clock;
    private final Duration firstRetry;
    private final ExecutorService senders;
    private final Semaphore inFlight;
    private final Counter unsent;

    LinkMailsInBackground(
            SendOwnerLinkPort transport,
            AuditTrailPort auditTrail,
            Clock clock,
            MeterRegistry meters,
            Duration firstRetry,
            int inFlight) {
        this.transport = transport;
        this.auditTrail = auditTrail;
        this.clock = clock;
        this.firstRetry = firstRetry;
        this.senders = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("owner-link-mail-", 0).factory());
        this.inFlight = new Semaphore(inFlight);
        this.unsent = Counter.builder("latchkey.owner.links.unsent")
                .description("owner-link mails the transport did not take after every try, or too many waiting")
                .register(meters);
    }

    @Override
    public void send(OwnerLinkMail mail) {
        if (!inFlight.tryAcquire()) {
            gaveUp(mail, "too many link mails waiting");
            return;
        }
        try {
            senders.execute(() -> {
                try {
                    deliver(mail);
                } finally {
                    inFlight.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            inFlight.release();
            gaveUp(mail, "stopping");
        }
    }

    private void deliver(OwnerLinkMail mail) {
        Duration wait = firstRetry;
        for (int tried = 1; ; tried++) {
            try {
                transport.send(mail);
                return;
            } catch (RuntimeException refused) {
                if (tried == TRIES) {
                    gaveUp(mail, refused.getClass().getSimpleName());
                    return;
                }
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                gaveUp(mail, "stopped");
                return;
            }
            wait = wait.multipliedBy(4);
        }
    }

    private void gaveUp(OwnerLinkMail mail, String why) {
        unsent.increment();
        LOG.warn("owner link ({}) to {} not sent: {}", mail.purpose(), mail.to().masked(), why);
        try {
            auditTrail.record(SecurityEvent.of(
                    SecurityEvent.Type.DELIVERY_FAILED,
                    clock.instant(),
                    mail.to(),
                    null,
                    "owner link not sent (" + mail.purpose() + "): " + why));
        } catch (RuntimeException storeDownToo) {
            LOG.warn(
                    "the failure could not be audited either ({})",
                    storeDownToo.getClass().getSimpleName());
        }
    }

    /** At stop: the mails under way get a few seconds to leave. */
    void stop() {
        senders.shutdown();
        try {
            if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException interrupted) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
