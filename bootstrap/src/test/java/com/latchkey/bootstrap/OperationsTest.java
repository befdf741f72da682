package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.resource.StaticResourceResolver;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Health, readiness, metrics and the OpenAPI document, as an operator and a client see them. */
class OperationsTest {

    @TempDir
    Path dataDir;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthLivenessAndReadinessAreUpOnTheEmbeddedDefault() throws Exception {
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            for (String path : List.of("/health", "/health/liveness", "/health/readiness")) {
                HttpResponse<String> health = get(server, path);
                assertThat(health.statusCode()).as(path).isEqualTo(200);
                assertThat(health.body()).as(path).contains("\"status\":\"UP\"");
            }
        }
    }

    @Test
    void livenessAnswersFromMemoryWithoutAThreadDumpPerCall() throws Exception {
        Map<String, Object> settings = Map.of(
                "latchkey.data-dir",
                dataDir.toString(),
                // details are never shown in production; here they show which indicators answered
                "endpoints.health.details-visible",
                "ANONYMOUS");
        try (EmbeddedServer server = Instances.start(settings)) {
            HttpResponse<String> liveness = get(server, "/health/liveness");

            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(liveness.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"threads\"")
                    .doesNotContain("deadlockedThreads");
            assertThat(server.getApplicationContext().getBeanDefinitions(HealthIndicator.class).stream()
                            .map(indicator -> indicator.getBeanType().getSimpleName()))
                    .as("Micronaut's indicator that looks for deadlocks on every call")
                    .doesNotContain("DeadlockedThreadsHealthIndicator")
                    .contains("DeadlockWatch");
        }
    }

    @Test
    void anUnknownAddressSearchesNoStaticResources() throws Exception {
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            // Pages and assets are served by PagesController from memory; no static-resource mapping
            // is configured, so a request no route serves is not looked up on the classpath or disk.
            assertThat(server.getApplicationContext().getBean(StaticResourceResolver.class))
                    .isSameAs(StaticResourceResolver.EMPTY);
            HttpResponse<String> unknown = get(server, "/api/v1/no-such-route");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"code\":\"NOT_FOUND\"");
            assertThat(get(server, "/").statusCode()).isEqualTo(200);
            assertThat(get(server, "/assets/latchkey.js").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readinessFailsWhenTheSmtpServerIsDownButLivenessHolds() throws Exception {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.mail.transport", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.port", Instances.freePort(),
                "latchkey.smtp.timeout", "1s"));
        try (EmbeddedServer server = Instances.start(settings)) {
            assertThat(get(server, "/health/readiness").statusCode()).isEqualTo(503);
            assertThat(get(server, "/health/liveness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readinessTurnsDownWithinSecondsOfTheSmtpServerStoppingAndNamesNoAddress() throws Exception {
        GreenMail smtpServer = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtpServer.start();
        Map<String, Object> settings = new HashMap<>(Map.of(
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.mail.transport", "smtp",
                "latchkey.smtp.host", "127.0.0.1",
                "latchkey.smtp.port", smtpServer.getSmtp().getPort(),
                "latchkey.smtp.tls", "none",
                "latchkey.smtp.timeout", "1s",
                "latchkey.readiness.interval", "1s"));
        try (EmbeddedServer server = Instances.start(settings)) {
            assertThat(get(server, "/health/readiness").statusCode()).isEqualTo(200);

            smtpServer.stop();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> get(server, "/health/readiness").statusCode() == 503);
            assertThat(get(server, "/health/readiness").body()).doesNotContain("127.0.0.1");
            assertThat(get(server, "/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            smtpServer.stop();
        }
    }

    @Test
    void readinessCallsOpenNoSmtpConnectionOfTheirOwn() throws Exception {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        connections.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, Object> settings = new HashMap<>(Map.of(
                    "latchkey.data-dir", dataDir.toString(),
                    "latchkey.mail.transport", "smtp",
                    "latchkey.smtp.host", "127.0.0.1",
                    "latchkey.smtp.port", silent.getLocalPort(),
                    "latchkey.smtp.tls", "none",
                    "latchkey.smtp.timeout", "1s"));
            try (EmbeddedServer server = Instances.start(settings)) {
                long started = System.nanoTime();
                for (int call = 0; call < 50; call++) {
                    assertThat(get(server, "/health/readiness").statusCode()).isEqualTo(503);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

                // One probe at start, and one more for each 5 s interval that has passed.
                assertThat(connections).hasSizeLessThanOrEqualTo(1 + (int) (elapsed.toSeconds() / 5) + 1);
            }
        } finally {
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }

    @Test
    void readinessCallsTakeNoDatabaseConnectionOfTheirOwn() throws Exception {
        Map<String, Object> quiet = Map.of(
                "latchkey.data-dir",
                dataDir.toString(),
                // nothing else takes connections meanwhile
                "latchkey.delivery.enabled",
                "false");
        try (EmbeddedServer server = Instances.start(quiet)) {
            assertThat(get(server, "/health/readiness").statusCode()).isEqualTo(200);
            double before = connectionsTaken(server);
            long started = System.nanoTime();
            for (int call = 0; call < 50; call++) {
                assertThat(get(server, "/health/readiness").statusCode()).isEqualTo(200);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            // At most one probe for each 5 s interval begun meanwhile.
            assertThat(connectionsTaken(server) - before).isLessThanOrEqualTo(1 + elapsed.toSeconds() / 5);
        }
    }

    /** Connections handed out by the pool so far, from its own metrics. */
    private static double connectionsTaken(EmbeddedServer server) {
        Timer acquired = server.getApplicationContext()
                .getBean(MeterRegistry.class)
                .find("hikaricp.connections.acquire")
                .timer();
        assertThat(acquired).as("the pool's metrics").isNotNull();
        return acquired.count();
    }

    @Test
    void readinessFailsWhenThePickupFolderIsNotWritable() throws Exception {
        Files.writeString(dataDir.resolve("mail"), "a file where the folder should be");
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            assertThat(get(server, "/health/readiness").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void metricsCountTheFlowInPrometheusTextWithoutEmailsOrKeys() throws Exception {
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            String requestId = LatchkeyApi.requestIdOf(api.requestKey("Owner", "metrics.owner@shop.example"));
            api.awaitStatus(requestId, "SENT");
            String key = new PickupFolder(dataDir).newestKeyFor("metrics.owner@shop.example");
            api.verify("metrics.owner@shop.example", key);
            api.verify("metrics.owner@shop.example", "eck_wrong");
            api.me(key);
            api.me("eck_wrong");

            HttpResponse<String> metrics = get(server, "/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body())
                    .contains("latchkey_key_requests_accepted_total 1.0")
                    .contains("latchkey_mails_sent_total 1.0")
                    .contains("latchkey_mails_failed_total 0.0")
                    .contains("latchkey_verifications_total{outcome=\"verified\"} 1.0")
                    .contains("latchkey_verifications_total{outcome=\"invalid_credentials\"} 1.0")
                    .contains("latchkey_integration_authentications_total{outcome=\"authenticated\"} 1.0")
                    .contains("latchkey_integration_authentications_total{outcome=\"invalid_credentials\"} 1.0")
                    .contains("latchkey_delivery_seconds_count")
                    .doesNotContain("metrics.owner")
                    .doesNotContain(key);
        }
    }

    @Test
    void openApiDocumentCoversEveryApiRouteWithItsProblems() throws Exception {
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            HttpResponse<String> document = get(server, "/openapi.yml");
            assertThat(document.statusCode()).isEqualTo(200);
            Map<String, Object> openApi = new Yaml().load(document.body());
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openApi.get("paths");

            Set<String> routes = server.getApplicationContext()
                    .getBean(Router.class)
                    .uriRoutes()
                    .map(route -> route.getHttpMethod() + " "
                            + route.getUriMatchTemplate().toPathString())
                    .filter(route -> route.contains(" /api/") && !route.startsWith("HEAD "))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> documented = new TreeSet<>();
            paths.forEach((path, operations) -> operations
                    .keySet()
                    .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));

            assertThat(routes).isNotEmpty().contains("POST /api/v1/key-requests", "GET /api/v1/integrations/me");
            assertThat(documented)
                    .as("every API route is in the OpenAPI document")
                    .containsAll(routes);
            assertThat(document.body())
                    .contains("application/problem+json")
                    .contains("INVALID_CREDENTIALS")
                    .contains("RATE_LIMITED")
                    .contains("VALIDATION_FAILED");
        }
    }
}
