package com.latchkey.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.application.port.out.KeyMail;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.SendKeyMailPort;
import com.latchkey.application.port.out.SendOwnerNoticePort;
import io.micronaut.context.ApplicationContext;
import io.micronaut.email.EmailComposer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pickup transport against a real, temporary folder. */
class PickupFolderKeyMailAdapterTest {

    /** A hand-over deadline no test reaches. */
    private static final Instant LATER = Instant.now().plus(Duration.ofHours(1));

    @TempDir
    Path dataDir;

    @Test
    void writesOneCompleteRfc822FilePerMail() throws Exception {
        KeyMail first = KeyMails.to("jane@shop.example");
        KeyMail second = KeyMails.to("joe@shop.example");
        try (ApplicationContext context = ApplicationContext.run(Map.of("latchkey.data-dir", dataDir.toString()))) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);
            assertThat(transport.send(List.of(first, second), LATER))
                    .containsExactly(new KeyMailOutcome.Sent(), new KeyMailOutcome.Sent());
        }

        List<Path> files = mailFiles();
        assertThat(files)
                .hasSize(2)
                .allSatisfy(file -> assertThat(file.toString()).endsWith(".eml"));
        try (Stream<Path> all = Files.list(dataDir.resolve("mail"))) {
            assertThat(all.filter(file -> file.getFileName().toString().startsWith(".")))
                    .isEmpty();
        }
        MimeMessage message = read(files.get(0));
        assertThat(message.getSubject()).isEqualTo("Your EasyCommerce API key");
        Map<String, String> parts = KeyMails.parts(message);
        assertThat(parts).containsKeys("text/plain", "text/html");
        String recipient = message.getAllRecipients()[0].toString();
        KeyMail expected = recipient.contains("jane@") ? first : second;
        assertThat(parts.get("text/plain"))
                .contains(expected.key().reveal())
                .containsPattern("open http://localhost:8080/verify\\s")
                .contains("Keep your API key private. Do not share it with anyone.")
                .as("the address, even encoded, stays out of the link and the text")
                .doesNotContain(recipient.substring(0, recipient.indexOf('@')));
    }

    @Test
    void folderAndMailFilesAreOwnerOnlyFromTheirCreation() throws Exception {
        // The data pickup does not exist yet: the pickup pickup's missing parents are created too.
        Path parent = dataDir.resolve("new");
        Path pickup = parent.resolve("data").resolve("mail");
        MailSettings settings = new MailSettings(
                "EasyCommerce",
                "keys@shop.example",
                MailSettings.publicUrl("http://localhost:8080"),
                pickup,
                Duration.ofDays(7),
                new MailSettings.Smtp(null, 25, null, null, MailSettings.Tls.STARTTLS, Duration.ofSeconds(10)));
        List<String> partialFileModes = new ArrayList<>();
        // The composer's message notes the mode of the temporary file while it is being written into.
        EmailComposer<MimeMessage> composer = email -> new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            public void writeTo(OutputStream out) throws IOException, MessagingException {
                try (Stream<Path> partial = Files.list(pickup)) {
                    partial.forEach(file -> partialFileModes.add(mode(file)));
                }
                setText("the key");
                super.writeTo(out);
            }
        };
        PickupFolderKeyMailAdapter transport = new PickupFolderKeyMailAdapter(
                new KeyMailTemplate(settings),
                new OwnerNoticeTemplate(settings),
                new OwnerLinkTemplate(settings),
                composer,
                pickup);

        assertThat(transport.send(List.of(KeyMails.to("jane@shop.example")), LATER))
                .containsExactly(new KeyMailOutcome.Sent());

        assertThat(List.of(mode(parent), mode(parent.resolve("data")), mode(pickup)))
                .containsOnly("rwx------");
        assertThat(partialFileModes).containsExactly("rw-------");
        assertThat(mailFiles(pickup))
                .hasSize(1)
                .allSatisfy(file -> assertThat(mode(file)).isEqualTo("rw-------"));
    }

    @Test
    void unwritableFolderFailsTheAttempt() throws Exception {
        Files.writeString(dataDir.resolve("mail"), "a file where the folder should be");
        try (ApplicationContext context = ApplicationContext.run(Map.of("latchkey.data-dir", dataDir.toString()))) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            assertThat(transport.send(List.of(KeyMails.to("jane@shop.example")), LATER))
                    .singleElement()
                    .isInstanceOfSatisfying(
                            KeyMailOutcome.NotSent.class,
                            notSent -> assertThat(notSent.reason()).isNotBlank().doesNotContain("jane"));
        }
    }

    @Test
    void aMailThatCannotBeWrittenFailsAloneInItsBatch() throws Exception {
        Path pickup = dataDir.resolve("mail");
        MailSettings settings = new MailSettings(
                "EasyCommerce",
                "keys@shop.example",
                MailSettings.publicUrl("http://localhost:8080"),
                pickup,
                Duration.ofDays(7),
                new MailSettings.Smtp(null, 25, null, null, MailSettings.Tls.STARTTLS, Duration.ofSeconds(10)));
        EmailComposer<MimeMessage> composer = email -> {
            if (email.getTo().iterator().next().getEmail().startsWith("broken")) {
                throw new IllegalStateException("cannot compose");
            }
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            try {
                message.setText("the key");
            } catch (MessagingException impossible) {
                throw new IllegalStateException(impossible);
            }
            return message;
        };
        PickupFolderKeyMailAdapter transport = new PickupFolderKeyMailAdapter(
                new KeyMailTemplate(settings),
                new OwnerNoticeTemplate(settings),
                new OwnerLinkTemplate(settings),
                composer,
                pickup);

        List<KeyMailOutcome> outcomes = transport.send(
                List.of(
                        KeyMails.to("jane@shop.example"),
                        KeyMails.to("broken@shop.example"),
                        KeyMails.to("joe@shop.example")),
                LATER);

        assertThat(outcomes)
                .containsExactly(
                        new KeyMailOutcome.Sent(),
                        new KeyMailOutcome.NotSent("IllegalStateException"),
                        new KeyMailOutcome.Sent());
        assertThat(mailFiles(pickup)).hasSize(2);
    }

    @Test
    void noMailIsWrittenOnceTheHandOverDeadlineHasPassed() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of("latchkey.data-dir", dataDir.toString()))) {
            SendKeyMailPort transport = context.getBean(SendKeyMailPort.class);

            assertThat(transport.send(List.of(KeyMails.to("jane@shop.example")), Instant.now()))
                    .containsExactly(new KeyMailOutcome.NotBegun());
        }
        assertThat(Files.exists(dataDir.resolve("mail")) ? mailFiles() : List.of())
                .isEmpty();
    }

    @Test
    void aMailAdapterNotChosenIsAbsentWithItsReadiness() {
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("latchkey.adapters.mail", "carrier-pigeon", "latchkey.data-dir", dataDir.toString()))) {
            assertThat(context.getBeansOfType(SendKeyMailPort.class)).isEmpty();
            assertThat(context.getBeansOfType(SendOwnerNoticePort.class)).isEmpty();
            assertThat(context.getBeansOfType(MailTransportHealthIndicator.class))
                    .isEmpty();
        }
    }

    @Test
    void theReadinessProbesStopWithTheContext() {
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("latchkey.adapters.mail", "pickup", "latchkey.data-dir", dataDir.toString()))) {
            assertThat(probeThreads()).isPositive();
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> probeThreads() == 0);
    }

    private static long probeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("mail-readiness") && thread.isAlive())
                .count();
    }

    @Test
    void theChosenAdapterAloneIsPresentWithItsReadiness() {
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("latchkey.adapters.mail", "pickup", "latchkey.data-dir", dataDir.toString()))) {
            assertThat(context.getBeansOfType(SendKeyMailPort.class))
                    .singleElement()
                    .isInstanceOf(PickupFolderKeyMailAdapter.class);
            assertThat(context.getBeansOfType(SendOwnerNoticePort.class))
                    .as("the same adapter sends the owner notices")
                    .singleElement()
                    .isSameAs(context.getBean(SendKeyMailPort.class));
            assertThat(context.getBeansOfType(MailTransportHealthIndicator.class))
                    .hasSize(1);
        }
    }

    @Test
    void smtpWithoutAHostStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> {
                    try (ApplicationContext context =
                            ApplicationContext.run(Map.of("latchkey.adapters.mail", "smtp"))) {
                        context.getBean(SendKeyMailPort.class);
                    }
                })
                .rootCause()
                .hasMessageContaining("LATCHKEY_SMTP_HOST");
    }

    private List<Path> mailFiles() throws Exception {
        return mailFiles(dataDir.resolve("mail"));
    }

    private static List<Path> mailFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".eml"))
                    .sorted()
                    .toList();
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static MimeMessage read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }
}
