package com.latchkey.adapters.mail;

import com.latchkey.application.port.out.SendErasureNoticePort;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerLinkPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.email.javamail.sender.JavaxEmailComposer;
import io.micronaut.email.javamail.sender.SessionProvider;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.util.StreamProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * The two mail adapters of this module, {@code pickup} and {@code smtp}: each (with its readiness
 * probe) exists only when {@code LATCHKEY_ADAPTERS_MAIL} names it (docs/adapters.md), and is one bean
 * offering every mail port, key mails, owner notices and owner-link mails, so that the one setting
 * chooses them all; the pickup adapter comes with the job that removes its old mails. The
 * settings and the chosen adapter are built at start ({@code @Context}), so a mistake stops the start.
 */
@Factory
class KeyMailFactory {

    /** The setting that names the mail adapter: {@code LATCHKEY_ADAPTERS_MAIL}. */
    static final String CHOSEN = "latchkey.adapters.mail";

    @Context
    MailSettings mailSettings(MailProperties mail, SenderProperties sender, SmtpProperties smtp) {
        return new MailSettings(
                mail.brand(),
                sender.from(),
                MailSettings.publicUrl(mail.publicUrl()),
                Path.of(mail.dataDir(), "mail"),
                MailSettings.pickupRetention(mail.pickupRetention()),
                new MailSettings.Smtp(
                        smtp.host(),
                        smtp.port(),
                        smtp.username(),
                        smtp.password(),
                        MailSettings.tls(smtp.tls(), smtp.starttls()),
                        smtp.timeout()));
    }

    @Singleton
    SessionProvider mailSession(MailSettings settings) {
        // Jakarta Mail looks its stream provider up again for every body part it builds or writes,
        // and without this property that is a ServiceLoader scan of the class path each time: a
        // tenth of the CPU a key mail cost. Named, the provider is only instantiated.
        System.getProperties().putIfAbsent(StreamProvider.class.getName(), MailStreamProvider.class.getName());
        MailSettings.Smtp smtp = settings.smtp();
        Properties properties = new Properties();
        String timeout = Long.toString(smtp.timeout().toMillis());
        properties.put("mail.from", settings.from());
        // The same server settings under both protocols' names: Jakarta Mail reads mail.smtps.* for
        // implicit TLS and mail.smtp.* otherwise.
        for (String protocol : new String[] {"smtp", "smtps"}) {
            String prefix = "mail." + protocol + ".";
            // Name ourselves from settings: otherwise Jakarta Mail looks up this host's name for every
            // EHLO and Message-ID, which costs a DNS round trip (or a timeout) per mail.
            properties.put(prefix + "localhost", settings.publicUrl().getHost());
            if (smtp.host() != null) {
                properties.put(prefix + "host", smtp.host());
            }
            properties.put(prefix + "port", Integer.toString(smtp.port()));
            properties.put(prefix + "connectiontimeout", timeout);
            properties.put(prefix + "timeout", timeout);
            properties.put(prefix + "writetimeout", timeout);
            properties.put(prefix + "auth", Boolean.toString(smtp.authenticates()));
            // A certificate must name the host we asked for, not merely be signed by a trusted CA.
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        String protocol = smtp.tls() == MailSettings.Tls.IMPLICIT ? "smtps" : "smtp";
        properties.put("mail.transport.protocol", protocol);
        // Transport.send picks the transport by address type, not by mail.transport.protocol.
        properties.put("mail.transport.protocol.rfc822", protocol);
        boolean startTls = smtp.tls() == MailSettings.Tls.STARTTLS;
        properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        // Required, not merely enabled: a server (or a man in the middle) that does not offer
        // STARTTLS gets no mail, rather than the key in clear text.
        properties.put("mail.smtp.starttls.required", Boolean.toString(startTls));
        Authenticator authenticator = smtp.authenticates()
                ? new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(smtp.username(), smtp.password());
                    }
                }
                : null;
        Session session = Session.getInstance(properties, authenticator);
        return () -> session;
    }

    @Context
    @Requires(property = CHOSEN, value = "pickup")
    @Bean(
            typed = {
                SendKeyMailPort.class,
                SendOwnerNoticePort.class,
                SendErasureNoticePort.class,
                SendOwnerLinkPort.class
            })
    PickupFolderKeyMailAdapter pickupFolder(MailSettings settings, JavaxEmailComposer composer) {
        return new PickupFolderKeyMailAdapter(
                new KeyMailTemplate(settings),
                new OwnerNoticeTemplate(settings),
                new OwnerLinkTemplate(settings),
                composer,
                settings.pickupFolder());
    }

    // Built here, so its thread is stopped by naming the method: @PreDestroy counts only on a class that is itself a
    // bean.
    @Context
    @Readiness
    @Bean(preDestroy = "stop")
    @Requires(property = CHOSEN, value = "pickup")
    MailTransportHealthIndicator pickupFolderReadiness(
            MailSettings settings,
            @Property(name = "latchkey.readiness.interval", defaultValue = "5s") Duration interval) {
        Path folder = settings.pickupFolder();
        return new MailTransportHealthIndicator(
                "pickup", () -> MailTransportHealthIndicator.pickupFailure(folder), interval);
    }

    /**
     * Key mails hold live keys in clear: the pickup folder keeps them for {@code LATCHKEY_PICKUP_RETENTION}
     * and no longer. Stopped, as the readiness probe is, by naming the method.
     */
    @Context
    @Bean(preDestroy = "stop")
    @Requires(property = CHOSEN, value = "pickup")
    PickupMailRetention pickupRetention(MailSettings settings, Optional<Clock> clock, Optional<MeterRegistry> meters) {
        return new PickupMailRetention(
                        settings.pickupFolder(), settings.pickupRetention(), clock.orElseGet(Clock::systemUTC), meters)
                .start();
    }

    @Context
    @Requires(property = CHOSEN, value = "smtp")
    @Bean(
            typed = {
                SendKeyMailPort.class,
                SendOwnerNoticePort.class,
                SendErasureNoticePort.class,
                SendOwnerLinkPort.class
            })
    SmtpKeyMailAdapter smtp(
            MailSettings settings,
            JavaxEmailComposer composer,
            SessionProvider sessions,
            @Property(name = "latchkey.delivery.lease") Duration lease) {
        settings.smtp().requireServer().requireWithin(lease);
        return new SmtpKeyMailAdapter(
                new KeyMailTemplate(settings),
                new OwnerNoticeTemplate(settings),
                new OwnerLinkTemplate(settings),
                composer,
                sessions);
    }

    @Context
    @Readiness
    @Bean(preDestroy = "stop")
    @Requires(property = CHOSEN, value = "smtp")
    MailTransportHealthIndicator smtpReadiness(
            MailSettings settings,
            SessionProvider sessions,
            @Property(name = "latchkey.readiness.interval", defaultValue = "5s") Duration interval) {
        MailSettings.Smtp smtp = settings.smtp().requireServer();
        return new MailTransportHealthIndicator(
                "smtp", () -> MailTransportHealthIndicator.smtpFailure(smtp, sessions), interval);
    }
}
