package com.latchkey.adapters.mail;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.email.javamail.sender.SessionProvider;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.mail.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness of the chosen mail adapter (and only of that one, {@link KeyMailFactory}): the SMTP
 * server takes a session as the mails will use it (greeting, STARTTLS or TLS, login), or the pickup
 * folder can be written to. It is probed in the background, at start and then every {@code
 * LATCHKEY_READINESS_INTERVAL}; a readiness call answers the last probe's result and opens no
 * connection, so anonymous callers of {@code /health/readiness} cannot make this service hammer its
 * mail server. Details name the transport only, never an address.
 */
final class MailTransportHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(MailTransportHealthIndicator.class);

    /** What a probe found wrong, or null when the transport would take a mail now. */
    @FunctionalInterface
    interface Probe {
        String failure();
    }

    private final String transport;
    private final Probe probe;
    private final ScheduledExecutorService prober;
    private final CompletableFuture<HealthResult> firstProbe = new CompletableFuture<>();
    private volatile HealthResult last;

    MailTransportHealthIndicator(String transport, Probe probe, Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("LATCHKEY_READINESS_INTERVAL must be a duration of at least PT1S");
        }
        this.transport = transport;
        this.probe = probe;
        // Its own thread: a silent SMTP server holds a probe for up to the timeout, which must not
        // delay the dispatcher's or anyone else's scheduled work.
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mail-readiness");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult known = last;
        // Only a call in the first moments after start waits, and then for the one probe under way.
        return known != null ? Publishers.just(known) : Publishers.fromCompletableFuture(firstProbe);
    }

    private void probe() {
        String failure = probe.failure();
        HealthResult previous = last;
        HealthResult result = HealthResult.builder("mail", failure == null ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("transport", transport))
                .build();
        last = result;
        firstProbe.complete(result);
        if (failure != null && (previous == null || previous.getStatus() != HealthStatus.DOWN)) {
            LOG.warn("mail transport not ready ({}); readiness is DOWN until a probe succeeds", failure);
        } else if (failure == null && previous != null && previous.getStatus() == HealthStatus.DOWN) {
            LOG.info("mail transport ready again");
        }
    }

    /** Connects, says EHLO, upgrades to TLS and logs in as a mail would, then quits; null when all of it works. */
    static String smtpFailure(MailSettings.Smtp smtp, SessionProvider sessions) {
        String protocol = smtp.tls() == MailSettings.Tls.IMPLICIT ? "smtps" : "smtp";
        try (Transport transport = sessions.session().getTransport(protocol)) {
            transport.connect();
            return null;
        } catch (Exception notReady) {
            return SmtpKeyMailAdapter.rootCauseName(notReady);
        }
    }

    static String pickupFailure(Path folder) {
        try {
            OwnerOnlyFiles.createFolder(folder);
            return Files.isWritable(folder) ? null : "folder not writable";
        } catch (Exception notWritable) {
            return SmtpKeyMailAdapter.rootCauseName(notWritable);
        }
    }

    /** Stops the probes: named by {@link KeyMailFactory}, which builds this indicator. */
    public void stop() {
        prober.shutdownNow();
    }
}
