package com.latchkey.adapters.mail;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * Readiness of the mail transport: an SMTP server that greets within the timeout, or a pickup
 * folder this process can write to. Details name the transport only, never addresses or paths
 * beyond the configured host.
 */
@Singleton
@Readiness
class MailTransportHealthIndicator implements HealthIndicator {

    private final MailSettings settings;

    MailTransportHealthIndicator(MailSettings settings) {
        this.settings = settings;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        // Off the event loop: a silent SMTP server may take up to the timeout to tell.
        return Publishers.fromCompletableFuture(CompletableFuture.supplyAsync(this::check));
    }

    private HealthResult check() {
        boolean up = settings.transport() == MailSettings.Transport.SMTP ? smtpGreets() : pickupWritable();
        return HealthResult.builder("mail", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("transport", settings.transport().name().toLowerCase()))
                .build();
    }

    private boolean smtpGreets() {
        MailSettings.Smtp smtp = settings.smtp();
        int timeout = (int) smtp.timeout().toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(smtp.host(), smtp.port()), timeout);
            socket.setSoTimeout(timeout);
            BufferedReader greeting =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line = greeting.readLine();
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return line != null && line.startsWith("220");
        } catch (Exception unreachable) {
            return false;
        }
    }

    private boolean pickupWritable() {
        try {
            OwnerOnlyFiles.createFolder(settings.pickupFolder());
            return Files.isWritable(settings.pickupFolder());
        } catch (Exception notWritable) {
            return false;
        }
    }
}
