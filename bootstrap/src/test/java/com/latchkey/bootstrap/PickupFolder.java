package com.latchkey.bootstrap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads keys out of the pickup folder, as an owner reads their inbox. */
final class PickupFolder {

    private final Path folder;

    PickupFolder(Path dataDir) {
        this.folder = dataDir.resolve("mail");
    }

    /** The key of the newest mail to {@code email}; mail files are named by the time they were written. */
    String newestKeyFor(String email) throws Exception {
        List<Path> mails;
        try (Stream<Path> files = Files.list(folder)) {
            mails = files.filter(file -> file.toString().endsWith(".eml"))
                    .sorted()
                    .toList();
        }
        for (int i = mails.size() - 1; i >= 0; i--) {
            String mail = Files.readString(mails.get(i), StandardCharsets.UTF_8);
            if (isTo(mail, email)) {
                return LatchkeyApi.keyIn(mail);
            }
        }
        throw new AssertionError("no mail to " + email);
    }

    /** Whether the raw mail is addressed to {@code email}: its {@code To:} header is the bare address. */
    static boolean isTo(String mail, String email) {
        return mail.lines().anyMatch(line -> line.equals("To: " + email));
    }
}
