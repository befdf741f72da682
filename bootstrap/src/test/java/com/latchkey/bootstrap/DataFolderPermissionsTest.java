package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded default, the data folder the service makes holds the H2 file, the pepper and the
 * key mails: no other local user can enter it, whatever the umask.
 */
class DataFolderPermissionsTest {

    @TempDir
    Path parent;

    @Test
    void theDataFolderAndWhatTheServiceWritesInItAreOwnerOnly() throws Exception {
        Path dataDir = parent.resolve("fresh").resolve("data");
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey("Owner", "perm@folder.example")), "SENT");
        }

        List<Path> folders;
        try (Stream<Path> all = Files.walk(parent.resolve("fresh"))) {
            folders = all.filter(Files::isDirectory).toList();
        }
        assertThat(folders).contains(dataDir, dataDir.resolve("mail"));
        for (Path folder : folders) {
            assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
        }
        assertThat(mode(dataDir.resolve("pepper"))).isEqualTo("rw-------");
        List<Path> mails;
        try (Stream<Path> files = Files.list(dataDir.resolve("mail"))) {
            mails = files.toList();
        }
        assertThat(mails).isNotEmpty();
        for (Path mail : mails) {
            assertThat(mode(mail)).as("a mail holds a plaintext key").isEqualTo("rw-------");
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
