package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's training run (which records latchkey.aot) uses its own scratch settings only: an
 * operator who builds with production variables exported must not see it reach their database or
 * SMTP server, nor fail the build for them. It runs here as bootstrap/pom.xml runs it, cache and all.
 */
class StartupTrainingIT {

    @TempDir
    Path work;

    @Test
    void theBuildMachinesOwnSettingsNeverReachTheTrainingRun() throws Exception {
        Path output = work.resolve("training.log");
        Path elsewhere = work.resolve("operator-data");
        Path cache = work.resolve("latchkey.aot");
        ProcessBuilder training = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:AOTCacheOutput=" + cache,
                        "-Xlog:aot*=error",
                        "-cp",
                        LatchkeyProcess.JAR.toAbsolutePath().toString(),
                        StartupTraining.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        training.environment().put("DATASOURCES_DEFAULT_URL", "jdbc:postgresql://127.0.0.1:1/production");
        training.environment().put("LATCHKEY_MAIL_TRANSPORT", "smtp");
        training.environment().put("LATCHKEY_SMTP_HOST", "127.0.0.1");
        training.environment().put("LATCHKEY_SMTP_PORT", "1");
        training.environment().put("LATCHKEY_KEY_PREFIX", "prod_");
        training.environment().put("LATCHKEY_DATA_DIR", elsewhere.toString());
        training.environment().put("MICRONAUT_SERVER_PORT", "1");

        Process process = training.start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue())
                .as("training run output:%n%s", Files.readString(output))
                .isZero();
        assertThat(Files.readString(output)).doesNotContain("postgresql://127.0.0.1:1");
        assertThat(elsewhere).doesNotExist();
        assertThat(cache).isNotEmptyFile();
    }
}
