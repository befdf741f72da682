package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.runtime.server.EmbeddedServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away for a moment: requests meanwhile get a clear 503, nothing half-written
 * remains, and the service recovers by itself once the database is back.
 */
class DatabaseOutageTest {

    @TempDir
    Path pgData;

    @TempDir
    Path dataDir;

    @Test
    void outageGives503AndTheServiceRecoversByItself() throws Exception {
        int pgPort = Instances.freePort();
        EmbeddedPostgres postgres = startPostgres(pgPort);
        try (EmbeddedServer server = Instances.start(Map.of(
                "datasources.default.url",
                postgres.getJdbcUrl("postgres", "postgres"),
                "datasources.default.username",
                "postgres",
                "datasources.default.password",
                "",
                "latchkey.key.pepper",
                "outage-test-pepper-of-thirty-two-chars",
                "latchkey.data-dir",
                dataDir.toString(),
                "latchkey.readiness.interval",
                "1s"))) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            assertThat(readiness(server)).isEqualTo(200);
            String before = LatchkeyApi.requestIdOf(api.requestKey("Before", "before@shop.example"));
            assertThat(api.awaitStatus(before, "SENT").body()).contains("\"SENT\"");

            postgres.close();
            long started = System.nanoTime();
            HttpResponse<String> during = api.requestKey("During", "during@shop.example");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(during.headers().firstValue("Retry-After")).isPresent();
            assertThat(during.body())
                    .contains("\"code\":\"SERVICE_UNAVAILABLE\"")
                    .doesNotContain("SQL");
            assertThat(api.status(before).statusCode()).isEqualTo(503);
            await().atMost(Duration.ofSeconds(5)).until(() -> readiness(server) == 503);

            postgres = startPostgres(pgPort);
            await().atMost(Duration.ofSeconds(10)).until(() -> readiness(server) == 200);
            HttpResponse<String> after = awaitAccepted(api);
            assertThat(after.statusCode()).isEqualTo(202);
            assertThat(api.awaitStatus(LatchkeyApi.requestIdOf(after), "SENT").body())
                    .contains("\"SENT\"");
            assertThat(api.status(before).body()).contains("\"SENT\"");

            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet count = statement.executeQuery("SELECT count(*) FROM key_request")) {
                count.next();
                assertThat(count.getInt(1)).as("only the two accepted requests").isEqualTo(2);
            }
        } finally {
            postgres.close();
        }
    }

    private static int readiness(EmbeddedServer server) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.getURL() + "/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Starts (or restarts) the server on the same port and files; closing it keeps the files. */
    private EmbeddedPostgres startPostgres(int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .start();
    }

    private static HttpResponse<String> awaitAccepted(LatchkeyApi api) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResponse<String> reply = api.requestKey("After", "after@shop.example");
        while (reply.statusCode() != 202 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            reply = api.requestKey("After", "after@shop.example");
        }
        return reply;
    }
}
