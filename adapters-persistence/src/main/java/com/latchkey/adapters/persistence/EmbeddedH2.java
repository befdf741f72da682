package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import java.util.Locale;

/** What a datasource URL says about who else can open the same H2 database. */
final class EmbeddedH2 {

    private static final java.util.List<String> FILE_SYSTEMS =
            java.util.List.of("split:", "async:", "niomapped:", "nio:", "file:");

    private EmbeddedH2() {}

    /** Whether the database at {@code url} is kept in this process's memory (H2's in-memory file systems included). */
    static boolean inThisProcessMemory(@Nullable String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:mem:")
                || lower.startsWith("jdbc:h2:memfs:")
                || lower.startsWith("jdbc:h2:memlzf:")
                || lower.startsWith("jdbc:h2:niomemfs:")
                || lower.startsWith("jdbc:h2:niomemlzf:");
    }

    /**
     * Whether the database at {@code url} is an H2 file that only this process opens: a plain file
     * path, with H2's file lock and without {@code AUTO_SERVER} (which lets other processes in).
     * Anything else (in memory, an in-memory file system, a server) may be shared.
     */
    static boolean openedByThisProcessAlone(@Nullable String url) {
        if (url == null) {
            return false;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return false;
        }
        String path = lower.substring("jdbc:h2:".length());
        // H2's file system prefixes that still mean a file on this machine's disk.
        for (String prefix : FILE_SYSTEMS) {
            if (path.startsWith(prefix)) {
                path = path.substring(prefix.length());
            }
        }
        boolean file = path.startsWith("./")
                || path.startsWith("/")
                || path.startsWith("~")
                || path.matches("[a-z]:[/\\\\].*"); // a Windows drive
        if (!file) {
            return false;
        }
        String[] parts = lower.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] setting = parts[i].split("=", 2);
            String name = setting[0].strip();
            String value = setting.length == 2 ? setting[1].strip() : "";
            if (name.equals("auto_server") && !value.equals("false")) {
                return false;
            }
            if (name.equals("file_lock") && value.equals("no")) {
                return false;
            }
        }
        return true;
    }
}
