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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code latchkey.jar} run as a separate process, as an operator runs it: with the
 * class-data archive the build made beside it. {@code -Xshare:on} makes an archive that does not
 * match the jar a failed start, so every run here also proves the archive is usable.
 */
final class LatchkeyProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "latchkey.jar");
    static final Path CLASS_DATA = Path.of("target", "latchkey.jsa");

    private final Process process;
    private final Path output;
    private final int port;

    private LatchkeyProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    static LatchkeyProcess start(Map<String, String> environment, Path output) throws IOException {
        int port = Instances.freePort();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xshare:on",
                        "-XX:SharedArchiveFile=" + CLASS_DATA.toAbsolutePath(),
                        "-jar",
                        JAR.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
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
