package com.latchkey.client;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The packaged service ({@code bootstrap/target/latchkey.jar}, named by the {@code latchkey.jar}
 * system property the pom sets) run as a process on a free port, on its embedded default: H2 and the
 * mail pickup folder in a data folder of the test's, with an admin token so that tests can register
 * integrations.
 */
final class LatchkeyService implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final URI url;
    private final Path dataDir;
    private final String adminToken;

    private LatchkeyService(Process process, Path log, URI url, Path dataDir, String adminToken) {
        this.process = process;
        this.log = log;
        this.url = url;
        this.dataDir = dataDir;
        this.adminToken = adminToken;
    }

    /** Starts the jar and waits until it answers its liveness probe. */
    static LatchkeyService start(Path dataDir) throws IOException {
        Path jar = packagedJar();
        byte[] token = new byte[33];
        new SecureRandom().nextBytes(token);
        String adminToken = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        int port = freePort();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path cache = jar.resolveSibling("latchkey.aot");
        if (Files.isRegularFile(cache)) {
            // the AOT cache the build recorded beside the jar: a faster start; one the JVM cannot use is skipped
            command.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Path log = dataDir.resolve("latchkey.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        builder.environment().put("LATCHKEY_DATA_DIR", dataDir.toString());
        builder.environment().put("LATCHKEY_ADMIN_TOKEN", adminToken);
        builder.environment().put("LATCHKEY_DELIVERY_POLL_INTERVAL", "200ms");
        LatchkeyService service =
                new LatchkeyService(builder.start(), log, URI.create("http://127.0.0.1:" + port), dataDir, adminToken);
        try {
            service.awaitLive();
        } catch (RuntimeException | Error notUp) {
            service.close();
            throw new AssertionError("latchkey.jar did not come up; its output:\n" + service.output(), notUp);
        }
        return service;
    }

    /** The jar the pom names; a missing one fails the test with what to do, it never skips it. */
    static Path packagedJar() {
        String named = System.getProperty("latchkey.jar");
        if (named == null || named.isBlank()) {
            throw new AssertionError("the system property latchkey.jar is not set: run this test through Maven"
                    + " (clients/java/pom.xml sets it to bootstrap/target/latchkey.jar)");
        }
        Path jar = Path.of(named).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the packaged service " + jar + " is missing: build it first, from the"
                    + " repository's root: ./mvnw package -DskipTests (or run ./mvnw verify from the root)");
        }
        return jar;
    }

    URI url() {
        return url;
    }

    Mailbox mailbox() {
        return new Mailbox(dataDir.resolve("mail"));
    }

    /** Registers an integration through the admin API and returns its credentials (the secret is shown once). */
    IntegrationCredentials registerIntegration(String id, String... scopes) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"name\":\"" + id + " (test)\",\"scopes\":["
                + String.join(
                        ",",
                        java.util.Arrays.stream(scopes)
                                .map(s -> "\"" + s + "\"")
                                .toList()) + "]}";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(url.resolve("/admin/api/v1/integrations"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (answer.statusCode() != 201) {
            throw new AssertionError("registering " + id + " answered " + answer.statusCode() + ": " + answer.body());
        }
        var secret =
                java.util.regex.Pattern.compile("\"secret\":\"(eci_[^\"]+)\"").matcher(answer.body());
        if (!secret.find()) {
            throw new AssertionError("no secret in the registration's answer");
        }
        return new IntegrationCredentials(id, secret.group(1));
    }

    /** The owner's decision on a consent link's token, as the consent page posts it. */
    HttpResponse<String> decideConsent(String token, String decision) throws Exception {
        return send(HttpRequest.newBuilder(url.resolve("/api/v1/consent-decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"token\":\"" + token + "\",\"decision\":\"" + decision + "\"}"))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private void awaitLive() {
        try (HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            HttpRequest live = HttpRequest.newBuilder(url.resolve("/health/liveness"))
                    .timeout(Duration.ofSeconds(2))
                    .build();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("latchkey.jar exited with " + process.exitValue());
                        }
                        return http.send(live, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException unreadable) {
            return "(no output: " + unreadable.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
