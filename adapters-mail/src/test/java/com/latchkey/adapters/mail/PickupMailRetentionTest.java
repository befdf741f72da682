package com.latchkey.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.latchkey.application.port.out.KeyMailOutcome;
import com.latchkey.application.port.out.SendKeyMailPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The pickup folder keeps its mails for {@code LATCHKEY_PICKUP_RETENTION}, against a real, temporary folder. */
class PickupMailRetentionTest {

    private static final Instant NOW = Instant.parse("2030-01-10T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path folder;

    @TempDir
    Path elsewhere;

    @Test
    void mailsOlderThanTheRetentionGoAndNewerOnesStay() throws Exception {
        Path old = mail(NOW.minus(Duration.ofDays(8)));
        Path strayPartial = file("." + mailName() + ".part", NOW.minus(Duration.ofDays(8)));
        Path recent = mail(NOW.minus(Duration.ofDays(6)));
        Path exactlyAWeek = mail(NOW.minus(WEEK));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        PickupMailRetention.Sweep sweep =
                new PickupMailRetention(folder, WEEK, java.time.Clock.systemUTC(), Optional.of(meters)).sweep(NOW);

        assertThat(sweep).isEqualTo(new PickupMailRetention.Sweep(2, null));
        assertThat(old).doesNotExist();
        assertThat(strayPartial).doesNotExist();
        assertThat(recent).exists();
        assertThat(exactlyAWeek).as("older than the retention, not as old").exists();
        assertThat(meters.get("latchkey.pickup.mails.removed").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void otherFilesAndSubfoldersAreLeftAlone() throws Exception {
        Instant longAgo = NOW.minus(Duration.ofDays(400));
        Path notes = file("notes.txt", longAgo);
        Path ownMail = file("saved-by-hand.eml", longAgo);
        Path otherPartial = file(".notes.txt.part", longAgo);
        Path subfolder = Files.createDirectory(folder.resolve(mailName()));
        Path inside = Files.writeString(subfolder.resolve(mailName()), "a mail one level down");
        Files.setLastModifiedTime(inside, FileTime.from(longAgo));
        Files.setLastModifiedTime(subfolder, FileTime.from(longAgo));

        PickupMailRetention.Sweep sweep =
                new PickupMailRetention(folder, WEEK, java.time.Clock.systemUTC(), Optional.empty()).sweep(NOW);

        assertThat(sweep).isEqualTo(new PickupMailRetention.Sweep(0, null));
        assertThat(List.of(notes, ownMail, otherPartial, subfolder, inside))
                .allSatisfy(path -> assertThat(path).exists());
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws Exception {
        Path target = Files.writeString(elsewhere.resolve("precious.eml"), "not the service's to remove");
        Files.setLastModifiedTime(target, FileTime.from(NOW.minus(Duration.ofDays(30))));
        Path link = Files.createSymbolicLink(folder.resolve(mailName()), target);

        PickupMailRetention.Sweep sweep =
                new PickupMailRetention(folder, WEEK, java.time.Clock.systemUTC(), Optional.empty()).sweep(NOW);

        assertThat(sweep.removed()).isZero();
        assertThat(target).exists().hasContent("not the service's to remove");
        assertThat(link).isSymbolicLink();
    }

    @Test
    void aFailureIsLoggedOnceAndTriedAgainNextRun() throws Exception {
        Path missing = folder.resolve("mail");
        PickupMailRetention retention =
                new PickupMailRetention(missing, WEEK, java.time.Clock.systemUTC(), Optional.empty());
        try (LogLines lines = new LogLines()) {
            assertThat(retention.run(NOW).failure()).isNotNull();
            assertThat(retention.run(NOW.plus(PickupMailRetention.EVERY)).failure())
                    .isNotNull();
            assertThat(lines.messages())
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains("could not all be removed", "NoSuchFileException"))
                    .satisfies(line -> assertThat(line).doesNotContain(missing.toString()));

            Files.createDirectory(missing);
            String name = mailName();
            Files.writeString(missing.resolve(name), "a key mail");
            Files.setLastModifiedTime(missing.resolve(name), FileTime.from(NOW.minus(Duration.ofDays(8))));

            assertThat(retention.run(NOW)).isEqualTo(new PickupMailRetention.Sweep(1, null));
            assertThat(retention.run(NOW))
                    .as("nothing left, nothing said")
                    .isEqualTo(new PickupMailRetention.Sweep(0, null));
            assertThat(lines.messages())
                    .hasSize(2)
                    .last()
                    .satisfies(
                            line -> assertThat(line).startsWith("1 pickup mail").doesNotContain(name));
        }
    }

    @Test
    void theMailsTheAdapterWritesAreRemovedAndCounted() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("latchkey.adapters.mail", "pickup", "latchkey.data-dir", folder.toString()))) {
            assertThat(context.getBean(SendKeyMailPort.class)
                            .send(
                                    List.of(KeyMails.to("jane@shop.example")),
                                    Instant.now().plusSeconds(3600)))
                    .containsExactly(new KeyMailOutcome.Sent());
            Path written = onlyFile(folder.resolve("mail"));
            // Two days old: the sweep at start, as of the real time, keeps it.
            Instant writtenAt = Instant.now().minus(Duration.ofDays(2));
            Files.setLastModifiedTime(written, FileTime.from(writtenAt));

            PickupMailRetention retention = context.getBean(PickupMailRetention.class);

            assertThat(retention.run(writtenAt.plus(Duration.ofDays(6))).removed())
                    .as("the default, P7D, keeps it")
                    .isZero();
            assertThat(retention.run(writtenAt.plus(Duration.ofDays(8))).removed())
                    .isEqualTo(1);
            assertThat(written).doesNotExist();
            assertThat(context.getBean(MeterRegistry.class)
                            .get("latchkey.pickup.mails.removed")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void theJobComesWithThePickupAdapterAloneAndStopsWithTheContext() {
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("latchkey.adapters.mail", "pickup", "latchkey.data-dir", folder.toString()))) {
            assertThat(context.getBeansOfType(PickupMailRetention.class)).hasSize(1);
            assertThat(retentionThreads()).isPositive();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> retentionThreads() == 0);

        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "latchkey.adapters.mail", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.tls", "none",
                "latchkey.data-dir", folder.toString()))) {
            assertThat(context.getBeansOfType(PickupMailRetention.class)).isEmpty();
        }
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("latchkey.adapters.mail", "carrier-pigeon", "latchkey.data-dir", folder.toString()))) {
            assertThat(context.getBeansOfType(PickupMailRetention.class)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"P7D, PT168H", "' PT12H ', PT12H", "P30D, PT720H"})
    void retentionIsAnIsoDuration(String configured, Duration expected) {
        assertThat(MailSettings.pickupRetention(configured)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"seven days", "7d", "P0D", "PT0S", "-P1D", ""})
    void aRetentionThatIsNotAPositiveDurationNamesTheSetting(String configured) {
        assertThatThrownBy(() -> MailSettings.pickupRetention(configured))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LATCHKEY_PICKUP_RETENTION must be a positive ISO-8601 duration");
    }

    @ParameterizedTest(name = "with the {0} adapter")
    @ValueSource(strings = {"pickup", "smtp"})
    void aWrongRetentionStopsTheStartBeforeAnyProbeStarts(String adapter) {
        long probesBefore = threadsNamed("mail-readiness");

        assertThatThrownBy(() -> ApplicationContext.run(Map.of(
                                "latchkey.adapters.mail", adapter,
                                "latchkey.smtp.host", "127.0.0.1",
                                "latchkey.smtp.tls", "none",
                                "latchkey.data-dir", folder.toString(),
                                "latchkey.pickup-retention", "P0D"))
                        .close())
                .rootCause()
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LATCHKEY_PICKUP_RETENTION");
        assertThat(threadsNamed("mail-readiness"))
                .as("a start that fails leaves no thread behind")
                .isEqualTo(probesBefore);
        assertThat(threadsNamed("pickup-retention")).isZero();
    }

    private Path mail(Instant modified) throws Exception {
        return file(mailName(), modified);
    }

    private Path file(String name, Instant modified) throws Exception {
        Path file = Files.writeString(folder.resolve(name), "a key mail");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** A name as the adapter gives it. */
    private static String mailName() {
        return "20300101T120000.000Z-" + UUID.randomUUID() + ".eml";
    }

    private static Path onlyFile(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList().getFirst();
        }
    }

    private static long retentionThreads() {
        return threadsNamed("pickup-retention");
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .count();
    }

    /** The retention's log lines at INFO and above, while open. */
    private static final class LogLines implements AutoCloseable {

        private final Logger logger = (Logger) LoggerFactory.getLogger(PickupMailRetention.class);
        private final Level level = logger.getLevel();
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogLines() {
            appender.start();
            logger.addAppender(appender);
            logger.setLevel(Level.INFO);
        }

        List<String> messages() {
            return appender.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }
}
