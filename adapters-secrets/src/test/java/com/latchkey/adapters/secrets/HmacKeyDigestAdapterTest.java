package com.latchkey.adapters.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.domain.ApiKeyFormat;
import com.latchkey.domain.PlainApiKey;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacKeyDigestAdapterTest {

    private final PlainApiKey key = ApiKeyFormat.withPrefix("eck_").mint(new Random(5)::nextInt);

    @Test
    void anotherPepperGivesAnotherDigest() {
        HmacKeyDigestAdapter digest = new HmacKeyDigestAdapter("key".getBytes(StandardCharsets.US_ASCII));

        assertThat(digest.digestOf(key)).isEqualTo(digest.digestOf(key));
        assertThat(new HmacKeyDigestAdapter("KEY".getBytes(StandardCharsets.US_ASCII)).digestOf(key))
                .isNotEqualTo(digest.digestOf(key));
    }

    @Test
    void duringARotationNewDigestsUseTheNewestPepperAndAKeyIsLookedUpUnderEach() {
        byte[] old = "an-old-pepper-of-thirty-two-characters-00".getBytes(StandardCharsets.UTF_8);
        byte[] fresh = "a-new-pepper-of-thirty-two-characters-111".getBytes(StandardCharsets.UTF_8);
        HmacKeyDigestAdapter before = new HmacKeyDigestAdapter(old);
        HmacKeyDigestAdapter during = new HmacKeyDigestAdapter(java.util.List.of(fresh, old));

        assertThat(during.digestOf(key)).isEqualTo(new HmacKeyDigestAdapter(fresh).digestOf(key));
        assertThat(during.digestsOf(key)).containsExactly(during.digestOf(key), before.digestOf(key));
        assertThat(during.secrets()).containsExactly(Pepper.idOf(fresh), Pepper.idOf(old));
        assertThat(during.currentSecret())
                .isEqualTo(Pepper.idOf(fresh))
                .hasSize(8)
                .isNotEqualTo(before.currentSecret());
        assertThat(before.digestsOf(key)).containsExactly(before.digestOf(key));
    }

    @Test
    void thePeppersAreOneOrAListNewestFirstNeverBothAndEachLongEnough(@TempDir Path dataDir) {
        String fresh = "a-new-pepper-of-thirty-two-characters-111";
        String old = "an-old-pepper-of-thirty-two-characters-00";

        assertThatThrownBy(() -> Pepper.resolveAll(fresh + ", " + old, null, dataDir, null, null))
                .as("a pepper is never trimmed: moved from LATCHKEY_KEY_PEPPER it must stay the same bytes")
                .hasMessageContaining("starts or ends with a space");
        assertThat(Pepper.resolveAll(fresh + "," + old, null, dataDir, null, null))
                .extracting(Pepper::id)
                .containsExactly(
                        Pepper.idOf(fresh.getBytes(StandardCharsets.UTF_8)),
                        Pepper.idOf(old.getBytes(StandardCharsets.UTF_8)));
        assertThat(Pepper.resolveAll(null, fresh, dataDir, "jdbc:postgresql://db/latchkey", null))
                .singleElement()
                .extracting(Pepper::id)
                .isEqualTo(Pepper.idOf(fresh.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> Pepper.resolveAll(fresh, old, dataDir, null, null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Pepper.resolveAll(fresh + ",short", null, dataDir, null, null))
                .hasMessageStartingWith("LATCHKEY_KEY_PEPPERS: pepper 2 of 2 is shorter than 32");
        assertThatThrownBy(() -> Pepper.resolveAll(fresh + "," + fresh, null, dataDir, null, null))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Pepper.resolveAll(null, null, dataDir, "jdbc:postgresql://db/latchkey", null))
                .hasMessageContaining("LATCHKEY_KEY_PEPPER");
    }

    @Test
    void knownAnswer() {
        HmacKeyDigestAdapter digest = new HmacKeyDigestAdapter("pepper".getBytes(StandardCharsets.US_ASCII));
        PlainApiKey fixed = ApiKeyFormat.withPrefix("eck_").mint(i -> 0);

        // Computed independently: CRC32 in Python, then printf %s "$key" | openssl dgst -sha256 -hmac pepper
        assertThat(fixed.reveal()).isEqualTo("eck_000000000000000000000000000000002wjyrI");
        assertThat(digest.digestOf(fixed).hex())
                .isEqualTo("e1a49cabe3316c9c1c7fbb5367e73379f32fb66bfd957dea01ce5a7ce2c36122");
    }

    @Test
    void pepperFileIsCreatedOnceAndKept(@TempDir Path dataDir) throws Exception {
        byte[] first = Pepper.resolve(null, dataDir).bytes();
        byte[] second = Pepper.resolve("", dataDir).bytes();

        assertThat(first).isEqualTo(second).hasSizeGreaterThanOrEqualTo(32);
        Path file = dataDir.resolve("pepper");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(new HmacKeyDigestAdapter(first).digestOf(key))
                .isEqualTo(new HmacKeyDigestAdapter(second).digestOf(key));
    }

    @Test
    void theDataFolderAndThePepperAreOwnerOnlyFromTheirCreation(@TempDir Path parent) throws Exception {
        Path dataDir = parent.resolve("fresh/data");

        Pepper.resolve(null, dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(Pepper.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void aFolderThatHoldsTheDataFolderIsLeftAsItWas(@TempDir Path parent) throws Exception {
        // Like /tmp: open to others on purpose, and not ours to close.
        Path shared = Files.createDirectory(
                parent.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        DataFolder.create(shared.resolve("latchkey/data"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
                .isEqualTo("rwxrwxrwx");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("latchkey"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("latchkey/data"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aDataFolderLeftOpenToOthersIsClosedAndThePepperLeavesNoPartialFileBehind(@TempDir Path parent)
            throws Exception {
        Path dataDir = Files.createDirectory(
                parent.resolve("old-data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        DataFolder.create(dataDir);
        Pepper.resolve(null, dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwx------");
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly(Pepper.FILE_NAME);
        }
    }

    @Test
    void aPepperFileOthersCanReadStopsTheStart(@TempDir Path dataDir) throws Exception {
        Pepper.resolve(null, dataDir);
        Path file = dataDir.resolve(Pepper.FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> Pepper.resolve(null, dataDir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("readable by other users")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void limitsSharedThroughRedisNeedAConfiguredPepper(@TempDir Path dataDir) {
        assertThatThrownBy(() -> Pepper.resolve(null, dataDir, "jdbc:h2:file:./data/latchkey", "redis"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("LATCHKEY_KEY_PEPPER must be set when LATCHKEY_ADAPTERS_LIMITS=redis");
        assertThat(dataDir.resolve("pepper")).doesNotExist();
        assertThat(Pepper.resolve(null, dataDir, "jdbc:h2:file:./data/latchkey", "memory")
                        .bytes())
                .hasSizeGreaterThan(31);
        assertThat(Pepper.resolve("r".repeat(40), dataDir, null, "redis").bytes())
                .hasSize(40);
    }

    @Test
    void sharedDatabaseNeedsAConfiguredPepper(@TempDir Path dataDir) {
        assertThatThrownBy(() -> Pepper.resolve(null, dataDir, "jdbc:postgresql://db:5432/latchkey"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LATCHKEY_KEY_PEPPER must be set");
        assertThat(dataDir.resolve("pepper")).doesNotExist();
        assertThat(Pepper.resolve(null, dataDir, "jdbc:h2:file:./data/latchkey").bytes())
                .hasSizeGreaterThan(31);
        assertThat(Pepper.resolve("p".repeat(40), dataDir, "jdbc:postgresql://db/latchkey")
                        .bytes())
                .hasSize(40);
    }

    @Test
    void configuredPepperWinsAndMustBeLongEnough(@TempDir Path dataDir) {
        assertThat(Pepper.resolve("x".repeat(32), dataDir).bytes()).hasSize(32);
        assertThat(dataDir.resolve("pepper")).doesNotExist();
        assertThatThrownBy(() -> Pepper.resolve("short", dataDir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("LATCHKEY_KEY_PEPPER");
    }
}
