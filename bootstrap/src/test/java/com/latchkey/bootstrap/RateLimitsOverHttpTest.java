package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.latchkey.adapters.limits.testing.RedisServer;
import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of SPEC §5 over real HTTP: 429 with Retry-After, per subject, shared by instances on
 * PostgreSQL or Redis, and audited without flooding the trail.
 */
class RateLimitsOverHttpTest {

    @TempDir
    Path dataDir;

    private Map<String, Object> tightLimits() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("latchkey.data-dir", dataDir.toString());
        settings.put("latchkey.limits.requests-per-email", "2/PT1H");
        settings.put("latchkey.limits.verify-per-email", "3/PT15M");
        settings.put("latchkey.limits.bearer-per-client", "3/PT15M");
        return settings;
    }

    private static void assertRateLimited(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body()).contains("\"code\":\"RATE_LIMITED\"");
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
    }

    @Test
    void keyRequestsPerEmailAreLimitedAndOtherEmailsAreNot() throws Exception {
        try (EmbeddedServer server = Instances.start(tightLimits())) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());

            assertThat(api.requestKey("Owner", "busy@limits.example").statusCode())
                    .isEqualTo(202);
            assertThat(api.requestKey("Owner", "busy@limits.example").statusCode())
                    .isEqualTo(202);
            assertRateLimited(api.requestKey("Owner", "busy@limits.example"));
            assertThat(api.requestKey("Owner", "calm@limits.example").statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void failedVerificationsPerEmailAreLimitedButNeverLockOutTheRightKey() throws Exception {
        try (EmbeddedServer server = Instances.start(tightLimits())) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            String key = deliveredKey(api, "target@limits.example");

            for (int i = 0; i < 3; i++) {
                assertThat(api.verify("target@limits.example", "eck_guess" + i).statusCode())
                        .isEqualTo(401);
            }

            assertRateLimited(api.verify("TARGET@limits.example", "eck_guess"));
            assertThat(api.verify("Target@Limits.example", key).statusCode())
                    .as("the owner's right key verifies while guesses in their name are refused")
                    .isEqualTo(200);
            assertThat(api.verify("other@limits.example", "eck_guess").statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void failedBearerAuthenticationsPerClientAreLimitedButAWorkingIntegrationThereIsNot() throws Exception {
        try (EmbeddedServer server = Instances.start(tightLimits())) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            String key = deliveredKey(api, "integrated@limits.example");
            assertThat(api.verify("integrated@limits.example", key).statusCode())
                    .isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                assertThat(api.me("eck_guess" + i).statusCode()).isEqualTo(401);
            }

            assertRateLimited(api.me("eck_guess"));
            assertThat(api.me(key).statusCode())
                    .as("another integration behind the same address still gets in")
                    .isEqualTo(200);
        }
    }

    @Test
    void oneClientOverItsOwnLimitLeavesKeyRequestsOpenForEveryoneElse() throws Exception {
        Map<String, Object> settings = tightLimits();
        settings.put("latchkey.trusted-proxies", "127.0.0.1");
        settings.put("latchkey.limits.requests-per-email", "3/PT1H");
        settings.put("latchkey.limits.requests-per-client", "10/PT1H");
        settings.put("latchkey.limits.requests-global", "40/PT1M");
        try (EmbeddedServer server = Instances.start(settings)) {
            for (int i = 0; i < 120; i++) {
                requestFrom(server, "198.51.100.66", "flood" + i + "@limits.example");
            }

            assertThat(requestFrom(server, "198.51.100.66", "more@limits.example")
                            .statusCode())
                    .isEqualTo(429);
            assertThat(requestFrom(server, "203.0.113.1", "first@limits.example")
                            .statusCode())
                    .as("the flood took nothing from the global bucket beyond its own ten")
                    .isEqualTo(202);
            assertThat(requestFrom(server, "203.0.113.2", "second@limits.example")
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    private static HttpResponse<String> requestFrom(EmbeddedServer server, String client, String email)
            throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/key-requests"))
                                .header("Content-Type", "application/json")
                                .header("X-Forwarded-For", client)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"Owner\",\"email\":\"" + email + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String deliveredKey(LatchkeyApi api, String email) throws Exception {
        api.awaitStatus(LatchkeyApi.requestIdOf(api.requestKey("Owner", email)), "SENT");
        return new PickupFolder(dataDir).newestKeyFor(email);
    }

    @Test
    void aFloodOfRefusedRequestsIsAuditedAsOneEventAndOneCount() throws Exception {
        Map<String, Object> settings = tightLimits();
        settings.put("latchkey.limits.requests-per-client", "2/PT1H");
        try (EmbeddedServer server = Instances.start(settings)) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            for (int i = 0; i < 2; i++) {
                assertThat(api.requestKey("Owner", "flood@limits.example").statusCode())
                        .isEqualTo(202);
            }
            for (int i = 0; i < 50; i++) {
                assertRateLimited(api.requestKey("Owner", "flood@limits.example"));
            }

            DataSource running = server.getApplicationContext().getBean(DataSource.class);
            try (Connection connection =
                    DelegatingDataSource.unwrapDataSource(running).getConnection()) {
                assertThat(rateLimitedDetails(connection))
                        .as("the first refusal is written at once, the others only counted")
                        .hasSize(1)
                        .allMatch(detail -> detail.endsWith(" (1)"));
            }
        }

        // Stopped: the count of the minute has been written on the way out.
        try (Connection connection =
                DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("latchkey"), "sa", "")) {
            List<String> details = rateLimitedDetails(connection);
            assertThat(details).hasSizeBetween(1, 2);
            assertThat(details.stream()
                            .mapToLong(RateLimitsOverHttpTest::refusalsIn)
                            .sum())
                    .isEqualTo(50);
        }
    }

    private static List<String> rateLimitedDetails(Connection connection) throws SQLException {
        List<String> details = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT detail FROM audit_event WHERE event_type = 'RATE_LIMITED' ORDER BY occurred_at")) {
            while (rows.next()) {
                details.add(rows.getString(1));
            }
        }
        return details;
    }

    /** The refusals an audit event stands for: {@code "… (1)"} or {@code "… (+57 more in PT1M)"}. */
    private static long refusalsIn(String detail) {
        Matcher counted =
                Pattern.compile("\\((?:\\+)?(\\d+)(?: more in PT1M)?\\)$").matcher(detail);
        if (!counted.find()) {
            throw new AssertionError("no count in " + detail);
        }
        return Long.parseLong(counted.group(1));
    }

    @Test
    void twoInstancesOnOnePostgresShareTheLimit() throws Exception {
        assertTwoInstancesShareTheLimit(PostgresServer.freshDatabase("shared_http_limits"));
    }

    /** {@code LATCHKEY_ADAPTERS_LIMITS=redis}, each instance with its own embedded store, one real redis-server. */
    @Test
    @Tag("redis")
    void twoInstancesOnOneRedisShareTheLimit() throws Exception {
        assertTwoInstancesShareTheLimit(Map.of(
                "latchkey.adapters.limits",
                "redis",
                "latchkey.redis.uri",
                RedisServer.shared().uri()));
        Map<String, Object> unshared = new HashMap<>(Map.of(
                "latchkey.adapters.limits", "redis",
                "latchkey.redis.uri", RedisServer.shared().uri(),
                "latchkey.data-dir", Files.createTempDirectory("unshared").toString()));
        assertThatThrownBy(() -> Instances.start(unshared).close())
                .as("the pepper names the shared buckets: each instance's own would share nothing")
                .hasStackTraceContaining("LATCHKEY_KEY_PEPPER must be set when LATCHKEY_ADAPTERS_LIMITS=redis");
    }

    private static void assertTwoInstancesShareTheLimit(Map<String, Object> backend) throws Exception {
        Map<String, Object> shared = new HashMap<>(backend);
        shared.put("latchkey.key.pepper", "a-pepper-shared-by-both-instances-000");
        shared.put("latchkey.limits.requests-per-email", "2/PT1H");
        Map<String, Object> first = new HashMap<>(shared);
        first.put("latchkey.data-dir", Files.createTempDirectory("first").toString());
        Map<String, Object> second = new HashMap<>(shared);
        second.put("latchkey.data-dir", Files.createTempDirectory("second").toString());
        try (EmbeddedServer a = Instances.start(first);
                EmbeddedServer b = Instances.start(second)) {
            LatchkeyApi onA = new LatchkeyApi(a.getURL());
            LatchkeyApi onB = new LatchkeyApi(b.getURL());

            assertThat(onA.requestKey("Owner", "shared@limits.example").statusCode())
                    .isEqualTo(202);
            assertThat(onB.requestKey("Owner", "shared@limits.example").statusCode())
                    .isEqualTo(202);

            assertRateLimited(onA.requestKey("Owner", "shared@limits.example"));
            assertRateLimited(onB.requestKey("Owner", "shared@limits.example"));
            assertThat(onB.requestKey("Owner", "fresh@limits.example").statusCode())
                    .isEqualTo(202);
        }
    }
}
