package com.latchkey.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import java.util.Locale;

/** What a datasource URL says about who else can open the same H2 database. */
final class EmbeddedH2 {

    private EmbeddedH2() {}

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
        boolean file = lower.startsWith("jdbc:h2:file:")
                || lower.startsWith("jdbc:h2:./")
                || lower.startsWith("jdbc:h2:/")
                || lower.startsWith("jdbc:h2:~");
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
