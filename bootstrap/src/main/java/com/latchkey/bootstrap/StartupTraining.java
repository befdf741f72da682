package com.latchkey.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * A build step, not part of the service: starts Latchkey on a scratch folder and a free port, walks
 * the key flow once over HTTP (pages, request, delivery, verify, integration call, errors,
 * operations), and stops. The build runs it under {@code -XX:AOTCacheOutput} to record the classes
 * a start and the first calls load, linked, and the profiles of their methods into {@code
 * latchkey.aot}, which {@code java -XX:AOTCache=...} then maps instead of loading them from the jar
 * (docs/benchmarks.md).
 */
public final class StartupTraining {

    private static final Pattern KEY = Pattern.compile("eck_[0-9A-Za-z]{38}");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([0-9a-f-]{36})\"");
    private static final String EMAIL = "training@latchkey.example";

    private StartupTraining() {}

    /**
     * Ends the JVM itself either way: after a failed start, threads the half-built context left
     * running would otherwise keep the build waiting forever. The cache is written as the JVM ends.
     */
    public static void main(String[] args) {
        try {
            train();
        } catch (Exception | Error failed) {
            LoggerFactory.getLogger(StartupTraining.class).error("the training run failed", failed);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void train() throws Exception {
        Path scratch = Files.createTempDirectory("latchkey-training");
        // Only these settings: a build machine's own LATCHKEY_* or DATASOURCES_* variables (a production
        // database, a real SMTP server) must never reach a training run.
        try (ApplicationContext context = ApplicationContext.builder()
                .environmentPropertySource(false)
                .deduceEnvironment(false)
                .properties(Map.of(
                        "micronaut.server.port",
                        -1,
                        "latchkey.data-dir",
                        scratch.toString(),
                        "latchkey.delivery.poll-interval",
                        "100ms"))
                .start()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            walkTheFlow(server.getURI(), scratch.resolve("mail"));
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void walkTheFlow(URI base, Path mailFolder) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        for (String page : new String[] {"/", "/request", "/verify", "/assets/latchkey.css", "/assets/latchkey.js"}) {
            expect(client, get(base, page, null), 200);
        }
        String accepted = expect(
                client, post(base, "/api/v1/key-requests", "{\"name\":\"Training\",\"email\":\"" + EMAIL + "\"}"), 202);
        expect(client, post(base, "/api/v1/key-requests", "{\"name\":\"\",\"email\":\"not an email\"}"), 400);
        String key = awaitKey(mailFolder);
        // The mail is written before its batch is settled: the key verifies once the request is SENT.
        awaitSent(client, base, accepted);
        expect(client, post(base, "/api/v1/keys/verify", verifyBody("eck_" + "0".repeat(38))), 401);
        expect(client, post(base, "/api/v1/keys/verify", verifyBody(key)), 200);
        expect(client, get(base, "/api/v1/integrations/me", key), 200);
        expect(client, get(base, "/api/v1/integrations/me", "eck_" + "0".repeat(38)), 401);
        expect(client, get(base, "/api/v1/key-requests/00000000-0000-0000-0000-000000000000", null), 404);
        for (String operation : new String[] {"/health/liveness", "/health/readiness", "/metrics", "/openapi.yml"}) {
            expect(client, get(base, operation, null), 200);
        }
    }

    private static String verifyBody(String key) {
        return "{\"email\":\"" + EMAIL + "\",\"apiKey\":\"" + key + "\"}";
    }

    private static HttpRequest get(URI base, String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request.build();
    }

    private static HttpRequest post(URI base, String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Sends the request, insists on the status, and answers the body. */
    private static String expect(HttpClient client, HttpRequest request, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != status) {
            throw new IllegalStateException(request.method() + " "
                    + request.uri().getPath() + " answered " + answer.statusCode() + ", not " + status);
        }
        return answer.body();
    }

    private static void awaitSent(HttpClient client, URI base, String accepted)
            throws IOException, InterruptedException {
        Matcher id = REQUEST_ID.matcher(accepted);
        if (!id.find()) {
            throw new IllegalStateException("the key request's answer names no requestId");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (expect(client, get(base, "/api/v1/key-requests/" + id.group(1), null), 200)
                    .contains("\"SENT\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the key request was not SENT within 30 s");
    }

    private static String awaitKey(Path mailFolder) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> key = keyInMail(mailFolder);
            if (key.isPresent()) {
                return key.get();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no key mail arrived in " + mailFolder);
    }

    private static Optional<String> keyInMail(Path mailFolder) throws IOException {
        if (!Files.isDirectory(mailFolder)) {
            return Optional.empty();
        }
        try (Stream<Path> mails = Files.list(mailFolder)) {
            for (Path mail :
                    mails.filter(file -> file.toString().endsWith(".eml")).toList()) {
                Matcher key = KEY.matcher(Files.readString(mail, StandardCharsets.UTF_8));
                if (key.find()) {
                    return Optional.of(key.group());
                }
            }
        }
        return Optional.empty();
    }
}
