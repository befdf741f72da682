package com.latchkey.adapters.secrets;

import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * The secret the key digests are keyed with: {@code LATCHKEY_KEY_PEPPER} when set, otherwise a
 * random one created on first start and kept in {@code <data dir>/pepper}. Losing it makes every
 * stored key unverifiable, so it is created once and never rewritten.
 */
final class Pepper {

    static final int MIN_LENGTH = 32;
    static final String FILE_NAME = "pepper";
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final byte[] bytes;

    private Pepper(byte[] bytes) {
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The pepper's id, stored beside what it made so a rotation can tell old values from new: the
     * first 8 hex characters of an HMAC of a fixed label, which tells nothing about the pepper.
     */
    String id() {
        return idOf(bytes);
    }

    static String idOf(byte[] pepper) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(pepper, "HmacSHA256"));
            byte[] id = mac.doFinal("latchkey/secret-id/v1".getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(id, 0, 4);
        } catch (java.security.GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is unavailable", impossible);
        }
    }

    @Override
    public String toString() {
        return "Pepper[" + id() + "]";
    }

    /**
     * The peppers to use, newest first: {@code LATCHKEY_KEY_PEPPERS} (comma-separated, for a
     * rotation) or else the single pepper of {@link #resolve(String, Path, String, String)}.
     */
    static java.util.List<Pepper> resolveAll(
            String peppers, String configured, Path dataDir, String databaseUrl, String limitsAdapter) {
        if (peppers == null || peppers.isBlank()) {
            return java.util.List.of(resolve(configured, dataDir, databaseUrl, limitsAdapter));
        }
        if (configured != null && !configured.isEmpty()) {
            throw new ConfigurationException("set LATCHKEY_KEY_PEPPERS or LATCHKEY_KEY_PEPPER, not both:"
                    + " LATCHKEY_KEY_PEPPERS lists every pepper in use, newest first");
        }
        java.util.List<Pepper> list = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        String[] entries = peppers.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (!entry.equals(entry.strip())) {
                // LATCHKEY_KEY_PEPPER is used as it is: a pepper moved into the list must stay the same bytes.
                throw new ConfigurationException("LATCHKEY_KEY_PEPPERS: pepper " + (i + 1) + " of " + entries.length
                        + " starts or ends with a space; write the peppers as they are, separated by ',' alone");
            }
            if (entry.length() < MIN_LENGTH) {
                throw new ConfigurationException(
                        "LATCHKEY_KEY_PEPPERS: pepper " + (i + 1) + " of " + entries.length + " is shorter than "
                                + MIN_LENGTH + " characters (peppers are separated by ',', newest first)");
            }
            Pepper pepper = new Pepper(entry.getBytes(StandardCharsets.UTF_8));
            if (!ids.add(pepper.id())) {
                throw new ConfigurationException("LATCHKEY_KEY_PEPPERS: pepper " + (i + 1) + " is listed twice");
            }
            list.add(pepper);
        }
        return java.util.List.copyOf(list);
    }

    static Pepper resolve(String configured, Path dataDir) {
        return new Pepper(read(configured, dataDir));
    }

    /**
     * As {@link #resolve(String, Path)}, but a shared database (anything but the embedded H2) needs
     * the pepper set: instances that each made their own could not verify each other's keys.
     */
    static Pepper resolve(String configured, Path dataDir, String databaseUrl) {
        return resolve(configured, dataDir, databaseUrl, null);
    }

    /**
     * As {@link #resolve(String, Path, String)}, and limits shared through Redis need it set too:
     * a bucket's id is keyed by the pepper, so instances with peppers of their own would each count
     * in buckets of their own, and no limit would hold across them.
     */
    static Pepper resolve(String configured, Path dataDir, String databaseUrl, String limitsAdapter) {
        boolean unset = configured == null || configured.isEmpty();
        boolean embedded = databaseUrl == null || databaseUrl.startsWith("jdbc:h2:");
        if (!embedded && unset) {
            throw new ConfigurationException("LATCHKEY_KEY_PEPPER must be set when the database is not the embedded"
                    + " H2: every instance on a shared database needs the same pepper");
        }
        if ("redis".equals(limitsAdapter) && unset) {
            throw new ConfigurationException("LATCHKEY_KEY_PEPPER must be set when LATCHKEY_ADAPTERS_LIMITS=redis:"
                    + " instances that share limits name their buckets with the same pepper");
        }
        return resolve(configured, dataDir);
    }

    private static byte[] read(String configured, Path dataDir) {
        if (configured != null && !configured.isEmpty()) {
            if (configured.length() < MIN_LENGTH) {
                throw new ConfigurationException(
                        "LATCHKEY_KEY_PEPPER must be at least " + MIN_LENGTH + " characters of secret text");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return fromFile(dataDir.resolve(FILE_NAME));
    }

    private static byte[] fromFile(Path file) {
        try {
            DataFolder.create(file.toAbsolutePath().getParent());
            if (Files.notExists(file)) {
                create(file);
            }
            refuseIfOthersCanRead(file);
            String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (stored.length() < MIN_LENGTH) {
                throw new ConfigurationException("the pepper file " + file + " is shorter than " + MIN_LENGTH
                        + " characters; restore it from a backup or set LATCHKEY_KEY_PEPPER");
            }
            return stored.getBytes(StandardCharsets.US_ASCII);
        } catch (IOException unreadable) {
            throw new ConfigurationException(
                    "LATCHKEY_DATA_DIR: cannot read or create the pepper file " + file + " (" + unreadable.getMessage()
                            + ")",
                    unreadable);
        }
    }

    /**
     * Writes a new random pepper: owner-only (0600) from its creation, and whole or not at all (it
     * is written beside and linked into place), so a crash never leaves an empty pepper behind.
     */
    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path partial = file.resolveSibling("." + FILE_NAME + "." + UUID.randomUUID() + ".part");
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (SeekableByteChannel channel = DataFolder.posix(partial)
                ? Files.newByteChannel(partial, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.newByteChannel(partial, options)) {
            channel.write(ByteBuffer.wrap((encoded + "\n").getBytes(StandardCharsets.US_ASCII)));
        }
        try {
            // A hard link appears whole and never replaces (a rename would): an instance that got
            // there first keeps its pepper, and it is ours too.
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException createdByAnotherInstance) {
            // its pepper is the one to use
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A pepper other local users can read is a leaked pepper: refuse to start on it. */
    private static void refuseIfOthersCanRead(Path file) throws IOException {
        if (!DataFolder.posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new ConfigurationException("the pepper file " + file + " is readable by other users ("
                    + PosixFilePermissions.toString(permissions) + "); make it owner-only: chmod 600 " + file);
        }
    }
}
