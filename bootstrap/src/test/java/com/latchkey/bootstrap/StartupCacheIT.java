package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache the build records is mapped by the jar's start, and one the JVM cannot use fails the
 * strict start the jar tests run with, so a stale cache fails the build. An operator's start without
 * the strict flag only warns and runs without the cache.
 */
class StartupCacheIT {

    @TempDir
    Path work;

    @Test
    void theStrictStartMapsTheCacheTheBuildRecorded() throws Exception {
        assertTheStartMapsTheCache(LatchkeyProcess.strictly(LatchkeyProcess.AOT_CACHE));
    }

    /**
     * The README's run command gives heap flags, and the cache is recorded without them: the start
     * must still map it (a collector or an option that shapes objects otherwise would turn the
     * cache off with only a warning). bench/run.sh measures with the same options.
     */
    @Test
    void theReadmesRunCommandGivesHeapFlagsAndStillMapsTheCache() throws Exception {
        List<String> readme = readmesJavaOptions();
        assertThat(readme)
                .contains("-XX:AOTCache=bootstrap/target/latchkey.aot")
                .anyMatch(o -> o.startsWith("-Xmx"));

        List<String> options = new ArrayList<>(LatchkeyProcess.strictly(LatchkeyProcess.AOT_CACHE));
        readme.stream().filter(option -> !option.startsWith("-XX:AOTCache=")).forEach(options::add);
        assertTheStartMapsTheCache(options);
    }

    @Test
    void aCacheRecordedForAnotherJarStopsTheStrictStart() throws Exception {
        try (LatchkeyProcess latchkey = LatchkeyProcess.start(
                LatchkeyProcess.strictly(LatchkeyProcess.AOT_CACHE),
                rebuiltJar(),
                dataDir(),
                work.resolve("out.log"))) {

            assertThat(latchkey.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(latchkey.output())
                    .contains("This file is not the one used while building")
                    .contains("Unable to use AOT cache.");
        }
    }

    @Test
    void aDamagedCacheStopsTheStrictStart() throws Exception {
        Path damaged = work.resolve("latchkey.aot");
        Files.copy(LatchkeyProcess.AOT_CACHE, damaged);
        try (FileChannel cache = FileChannel.open(damaged, StandardOpenOption.WRITE)) {
            cache.write(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}), cache.size() / 2);
        }

        try (LatchkeyProcess latchkey = LatchkeyProcess.start(
                LatchkeyProcess.strictly(damaged), LatchkeyProcess.JAR, dataDir(), work.resolve("out.log"))) {

            assertThat(latchkey.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(latchkey.output())
                    .contains("Checksum verification failed")
                    .contains("Unable to use AOT cache.");
        }
    }

    @Test
    void aCacheRecordedWithOtherJvmOptionsStopsTheStrictStart() throws Exception {
        List<String> options = new ArrayList<>(LatchkeyProcess.strictly(LatchkeyProcess.AOT_CACHE));
        options.add("-XX:+UseCompactObjectHeaders");

        try (LatchkeyProcess latchkey =
                LatchkeyProcess.start(options, LatchkeyProcess.JAR, dataDir(), work.resolve("out.log"))) {

            assertThat(latchkey.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(latchkey.output()).contains("UseCompactObjectHeaders setting");
        }
    }

    @Test
    void withoutTheStrictFlagAStaleCacheIsAWarningAndTheServiceStartsWithoutIt() throws Exception {
        List<String> asTheReadmeSays = List.of("-XX:AOTCache=" + LatchkeyProcess.AOT_CACHE.toAbsolutePath());

        try (LatchkeyProcess latchkey = LatchkeyProcess.start(
                        asTheReadmeSays, rebuiltJar(), dataDir(), work.resolve("out.log"))
                .awaitUp(Duration.ofSeconds(120))) {

            assertThat(latchkey.output()).contains("This file is not the one used while building");
        }
    }

    /** The build's jar with one entry more, as a later build of other code would be. */
    private Path rebuiltJar() throws Exception {
        Path rebuilt = work.resolve("latchkey.jar");
        Files.copy(LatchkeyProcess.JAR, rebuilt);
        try (FileSystem jar = FileSystems.newFileSystem(rebuilt)) {
            Files.writeString(jar.getPath("rebuilt.txt"), "a later build");
        }
        return rebuilt;
    }

    private void assertTheStartMapsTheCache(List<String> jvmOptions) throws Exception {
        Path classLoading = work.resolve("class-load.log");
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Xlog:class+load=info:file=" + classLoading);

        try (LatchkeyProcess latchkey = LatchkeyProcess.start(
                        options, LatchkeyProcess.JAR, dataDir(), work.resolve("out.log"))
                .awaitUp(Duration.ofSeconds(60))) {

            List<String> loaded = Files.readAllLines(classLoading);
            long fromTheCache = loaded.stream()
                    .filter(line -> line.endsWith("source: shared objects file"))
                    .count();
            // the rest: proxies, lambdas and the few classes the training never loads
            assertThat(fromTheCache)
                    .as("classes mapped from the cache, of %d loaded", loaded.size())
                    .isGreaterThan(loaded.size() * 9L / 10);
            assertThat(loaded)
                    .anyMatch(line -> line.contains(" com.latchkey.") && line.endsWith("source: shared objects file"));
        }
    }

    /** The JVM options of the README's run command, between {@code java} and {@code -jar}. */
    private static List<String> readmesJavaOptions() throws IOException {
        Matcher run = Pattern.compile(
                        "^\\./mvnw -q package -DskipTests && java (.+) -jar bootstrap/target/latchkey\\.jar$",
                        Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(run.find()).as("the README's run command").isTrue();
        return List.of(run.group(1).trim().split(" +"));
    }

    private Map<String, String> dataDir() {
        return Map.of("LATCHKEY_DATA_DIR", work.resolve("data").toString());
    }
}
