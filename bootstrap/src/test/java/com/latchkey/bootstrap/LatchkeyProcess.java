package com.latchkey.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code latchkey.jar} run as a separate process, as an operator runs it: with the AOT
 * cache the build recorded beside it. {@code -XX:AOTMode=on} makes a cache the JVM cannot use (another
 * jar, other JVM options, a damaged file) a failed start instead of a warning, so every run here also
 * proves the cache is usable (StartupCacheIT).
 */
final class LatchkeyProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "latchkey.jar");
    static final Path AOT_CACHE = Path.of("target", "latchkey.aot");

    private final Process process;
    private final Path output;
    private final int port;

    private LatchkeyProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    static LatchkeyProcess start(Map<String, String> environment, Path output) throws IOException {
        return start(strictly(AOT_CACHE), JAR, environment, output);
    }

    /**
     * The JVM options that start with {@code cache} or not at all: {@code -XX:AOTMode=on} refuses a
     * cache recorded for another jar or with other options, and {@code -XX:+VerifySharedSpaces} one
     * whose checksum does not match (a damaged file would otherwise be mapped as it is).
     */
    static List<String> strictly(Path cache) {
        return List.of("-XX:AOTMode=on", "-XX:+VerifySharedSpaces", "-XX:AOTCache=" + cache.toAbsolutePath());
    }

    static LatchkeyProcess start(List<String> jvmOptions, Path jar, Map<String, String> environment, Path output)
            throws IOException {
        int port = Instances.freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        return new LatchkeyProcess(builder.start(), output, port);
    }

    /**
     * The packaged jar with a folder of a team's own adapter jars beside it on the class path, as
     * docs/adapters.md deploys one: {@code java -cp "latchkey.jar:plugins/*" <main class>}. (No AOT
     * cache: it was recorded for the jar alone.)
     */
    static LatchkeyProcess startWithPlugins(Path plugins, Map<String, String> environment, Path output)
            throws IOException {
        int port = Instances.freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                JAR.toAbsolutePath() + java.io.File.pathSeparator + plugins.toAbsolutePath() + "/*",
                Application.class.getName());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        return new LatchkeyProcess(builder.start(), output, port);
    }

    URL url() throws IOException {
        return URI.create("http://127.0.0.1:" + port).toURL();
    }

    /** Waits until the service answers its liveness probe. */
    LatchkeyProcess awaitUp(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("latchkey exited early:\n" + output());
            }
            try {
                HttpResponse<Void> live = client.send(
                        HttpRequest.newBuilder(URI.create(url() + "/health/liveness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (live.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("latchkey did not come up:\n" + output());
    }

    /** SIGTERM, as an orchestrator stops a service. */
    void terminate() {
        process.destroy();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("latchkey did not exit within " + timeout);
        }
        return process.exitValue();
    }

    List<String> outputLines() throws IOException {
        return Files.readAllLines(output);
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
