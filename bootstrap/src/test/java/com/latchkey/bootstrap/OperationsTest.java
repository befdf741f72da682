package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.web.router.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
