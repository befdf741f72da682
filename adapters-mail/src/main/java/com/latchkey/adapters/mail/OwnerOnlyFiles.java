package com.latchkey.adapters.mail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Folders and files that only this process's user can read, from the moment they exist: the mode
 * is given to the system call that creates them, so there is no window, however short, in which
 * another user of the machine can open a mail that holds a plaintext key. On a file system without
 * POSIX permissions (Windows) the platform's default applies.
 */
final class OwnerOnlyFiles {

    private static final FileAttribute<Set<PosixFilePermission>> FOLDER =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private OwnerOnlyFiles() {}

    /** Creates the folder and any missing parents, each 0700; an existing folder is left as it is. */
    static void createFolder(Path folder) throws IOException {
        if (isPosix(folder)) {
            Files.createDirectories(folder, FOLDER);
        } else {
            Files.createDirectories(folder);
        }
    }

    /**
     * Creates a new file, 0600, for writing; fails if it exists, so nobody can plant it beforehand.
     * Buffered: a mail is written a line at a time, and each unbuffered line would be a system call.
     */
    static OutputStream createFile(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new BufferedOutputStream(Channels.newOutputStream(
                isPosix(file) ? Files.newByteChannel(file, options, FILE) : Files.newByteChannel(file, options)));
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
