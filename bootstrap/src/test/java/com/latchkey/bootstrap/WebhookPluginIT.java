package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's own mail adapter, deployed as docs/adapters.md says: the example in
 * {@code examples/mail-webhook} (built before this module, against the published ports alone) as a
 * jar in a plugins folder beside {@code latchkey.jar}, chosen with {@code LATCHKEY_ADAPTERS_MAIL=webhook}.
 * The whole flow runs, the key arriving as JSON at a web server of this test.
 */
class WebhookPluginIT {

    private static final Path EXAMPLE_TARGET = Path.of("..", "examples", "mail-webhook", "target");

    @TempDir
    Path work;

    @Test
    void theKeyArrivesThroughTheWebhookAdapterAndVerifies() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(exampleJar(), plugins.resolve("latchkey-mail-webhook.jar"));
        List<String> posted = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/mail", exchange -> {
            signatures.add(String.valueOf(exchange.getRequestHeaders().getFirst("Latchkey-Signature")));
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String email = "webhook.owner@shop.example";
        try (LatchkeyProcess latchkey = LatchkeyProcess.startWithPlugins(
                        plugins,
                        Map.of(
                                "LATCHKEY_ADAPTERS_MAIL",
                                "webhook",
                                "LATCHKEY_WEBHOOK_URL",
                                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/mail",
                                "LATCHKEY_WEBHOOK_SECRET",
                                "a-webhook-secret-of-at-least-32-chars",
                                "LATCHKEY_DATA_DIR",
                                work.resolve("data").toString(),
                                "LATCHKEY_DELIVERY_POLL_INTERVAL",
                                "100ms"),
                        work.resolve("latchkey.log"))
                .awaitUp(Duration.ofSeconds(60))) {
            LatchkeyApi api = new LatchkeyApi(latchkey.url());

            HttpResponse<String> accepted = api.requestKey("Webhook Owner", email);
            assertThat(accepted.statusCode()).isEqualTo(202);
            // The delivery is settled once the endpoint answered, a moment after the mail reached it.
            assertThat(api.awaitStatus(LatchkeyApi.requestIdOf(accepted), "SENT")
                            .body())
                    .contains("\"SENT\"");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (posted.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            assertThat(posted)
                    .as(latchkey.output())
                    .singleElement()
                    .satisfies(json -> assertThat(json)
                            .startsWith("{\"to\":\"" + email + "\"")
                            .contains("\"subject\":", "\"text\":", "\"html\":"));
            assertThat(signatures).singleElement().asString().matches("t=\\d+,v1=[0-9a-f]{64}");
            String key = LatchkeyApi.keyIn(posted.getFirst());
            assertThat(api.verify(email, key).statusCode()).isEqualTo(200);
            assertThat(api.me(key).statusCode()).isEqualTo(200);
            assertThat(readiness(latchkey))
                    .as("readiness asks the chosen adapter, which has no probe")
                    .isEqualTo(200);
            assertThat(Files.exists(work.resolve("data").resolve("mail")))
                    .as("no pickup folder: the pickup adapter is not chosen")
                    .isFalse();
        } finally {
            receiver.stop(0);
        }
    }

    private static int readiness(LatchkeyProcess latchkey) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                            HttpRequest.newBuilder(URI.create(latchkey.url() + "/health/readiness"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private static Path exampleJar() throws Exception {
        try (Stream<Path> files = Files.exists(EXAMPLE_TARGET) ? Files.list(EXAMPLE_TARGET) : Stream.empty()) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("latchkey-mail-webhook-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the example adapter is not built: ./mvnw verify builds"
                            + " examples/mail-webhook before bootstrap (or ./mvnw -f examples/mail-webhook/pom.xml"
                            + " package)"));
        }
    }
}
