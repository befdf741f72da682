package com.latchkey.adapters.secrets;

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
 * The data folder, as the pepper file needs it: created owner-only (0700) if missing, closed to
 * other users if found open. (The store adapter does the same for its database files; adapters
 * share no code, so each keeps its own.)
 */
final class DataFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);

    private DataFolder() {}

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
