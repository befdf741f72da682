package com.latchkey.adapters.persistence;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder of the embedded default (the H2 file, the pepper, the pickup mails): created
 * owner-only (0700) before the database or anything else writes into it, so that the files H2
 * makes with the process's umask are out of other local users' reach from their first byte.
 */
@Singleton
class DataFolder implements BeanCreatedEventListener<DatasourceConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);

    private final Path folder;

    DataFolder(@Property(name = "latchkey.data-dir", defaultValue = "./data") String dataDir) {
        this.folder = Path.of(dataDir);
    }

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        String url = configuration.getUrl();
        if (url != null && url.startsWith("jdbc:h2:file:")) {
            try {
                create(folder.toAbsolutePath());
            } catch (IOException unwritable) {
                throw new ConfigurationException(
                        "LATCHKEY_DATA_DIR: cannot create the data folder " + folder + " (" + unwritable.getMessage()
                                + ")",
                        unwritable);
            }
        }
        return configuration;
    }

    /**
     * Creates the folder and any missing parents owner-only from the start, not chmodded after. A
     * data folder that exists already open to others (made by an older version, or by hand with a
     * loose umask) is closed to them, with one log line: it may hold mails with live keys.
     */
    static void create(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            closeToOthers(folder);
            return;
        }
        createMissing(folder);
    }

    /**
     * Creates the folder and the parents that do not exist yet, owner-only. Parents that exist are
     * left as they are: they are not the data folder (it may be {@code /tmp} or a home folder).
     */
    private static void createMissing(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (!posix(folder)) {
            Files.createDirectories(folder);
            return;
        }
        createMissing(folder.getParent());
        try {
            Files.createDirectory(
                    folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException createdMeanwhile) {
            // another instance or thread made it: the same as finding it
        }
    }

    private static void closeToOthers(Path folder) throws IOException {
        if (!posix(folder) || Files.isSymbolicLink(folder)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
        if (permissions.stream().anyMatch(permission -> !permission.name().startsWith("OWNER_"))) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            LOG.warn(
                    "the data folder {} was open to other users ({}); it is owner-only (rwx------) now",
                    folder,
                    PosixFilePermissions.toString(permissions));
        }
    }

    /** Whether the file system that holds (or would hold) the path knows POSIX permissions. */
    static boolean posix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && Files.notExists(existing)) {
            existing = existing.getParent();
        }
        return existing != null
                && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
