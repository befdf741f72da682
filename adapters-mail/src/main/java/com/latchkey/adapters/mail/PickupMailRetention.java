package com.latchkey.adapters.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the pickup folder's mails once they are older than {@code LATCHKEY_PICKUP_RETENTION}
 * (by their last-modified time), at start and then every {@link #EVERY}: a key mail holds a live
 * key in clear, and nothing else ever deletes it. Only regular files directly in the folder whose
 * names are those {@link PickupFolderKeyMailAdapter} gives are touched; a symbolic link is never
 * followed (nor removed), a subfolder or any other file is left alone. The log says how many
 * mails went, never which.
 */
final class PickupMailRetention {

    /** How often the folder is swept; a mail outlives its retention by at most this. */
    static final Duration EVERY = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(PickupMailRetention.class);

    private final Path folder;
    private final Duration retention;
    private final Clock clock;
    private final Counter removals;
    private final ScheduledExecutorService sweeper;
    private boolean failing;

    PickupMailRetention(Path folder, Duration retention, Clock clock, Optional<MeterRegistry> meters) {
        this.folder = folder;
        this.retention = retention;
        this.clock = clock;
        this.removals = meters.map(registry -> Counter.builder("latchkey.pickup.mails.removed")
                        .description("mails removed from the pickup folder after LATCHKEY_PICKUP_RETENTION")
                        .register(registry))
                .orElse(null);
        // Its own thread, as the readiness probe has: a slow disk holds up no one else's scheduled work.
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pickup-retention");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sweeps now and then every {@link #EVERY}, until {@link #stop()}. */
    PickupMailRetention start() {
        // The folder is made as the adapter and its readiness probe make it, so that a new installation's first
        // sweep, which may run before either, finds an empty folder rather than a failure to report.
        try {
            OwnerOnlyFiles.createFolder(folder);
        } catch (IOException notYet) {
            // The sweep reports it.
        }
        sweeper.scheduleWithFixedDelay(() -> run(clock.instant()), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** What one sweep did: how many mails it removed, and the first thing that went wrong, if anything did. */
    record Sweep(int removed, Exception failure) {}

    /**
     * One sweep as of {@code now}, logged: a line when it removed something, and one when it fails,
     * but not again for each run that fails after it (each run tries again).
     */
    synchronized Sweep run(Instant now) {
        Sweep sweep = sweep(now);
        if (sweep.removed() > 0) {
            LOG.info("{} pickup mail file(s) older than {} removed", sweep.removed(), retention);
        }
        if (sweep.failure() != null && !failing) {
            LOG.warn(
                    "pickup mails older than {} could not all be removed ({}); tried again every {}",
                    retention,
                    SmtpKeyMailAdapter.rootCauseName(sweep.failure()),
                    EVERY);
        }
        failing = sweep.failure() != null;
        return sweep;
    }

    /**
     * Removes the mails last modified more than the retention before {@code now}. Every file is
     * tried; a missing or unreadable folder is a failure, as is a file that cannot be removed.
     */
    Sweep sweep(Instant now) {
        Instant cutoff = now.minus(retention);
        int removed = 0;
        Exception firstFailure = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                try {
                    if (isExpiredMail(entry, cutoff)) {
                        Files.delete(entry);
                        removed++;
                        if (removals != null) {
                            removals.increment();
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // Removed meanwhile, by another instance that shares the folder or by a person.
                } catch (IOException failed) {
                    if (firstFailure == null) {
                        firstFailure = failed;
                    }
                }
            }
        } catch (IOException | RuntimeException failed) {
            // DirectoryIteratorException, unchecked, is how a failure while listing is reported.
            if (firstFailure == null) {
                firstFailure = failed;
            }
        }
        return new Sweep(removed, firstFailure);
    }

    private static boolean isExpiredMail(Path entry, Instant cutoff) throws IOException {
        if (!PickupFolderKeyMailAdapter.isWrittenHere(entry.getFileName().toString())) {
            return false;
        }
        // Not followed: a link is not a regular file, and what it points to is not ours to remove.
        BasicFileAttributes file = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return file.isRegularFile() && file.lastModifiedTime().toInstant().isBefore(cutoff);
    }

    /** Stops the sweeps: named by {@link KeyMailFactory}, which builds this job. */
    public void stop() {
        sweeper.shutdownNow();
    }
}
