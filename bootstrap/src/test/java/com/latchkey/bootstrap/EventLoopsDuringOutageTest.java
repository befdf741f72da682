package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §7: nothing blocking runs on the HTTP event loops. While PostgreSQL is down, and while
 * calls that need it wait for a connection, the liveness probe, a page and an integration call
 * answered from the key cache still answer at once; the calls that need the database get their
 * 503 after the pool's connection timeout (2 s), not after each other's.
 */
class EventLoopsDuringOutageTest {

    /** The bound on the median answer that needs no database, measured from the client (SPEC: 50 ms). */
    private static final Duration FAST = Duration.ofMillis(50);
    /**
     * The bound on the slowest such answer: far below the pool's 2 s wait that a call stuck behind
     * the database would show, yet above a GC pause or a scheduling hiccup on a loaded 2-core machine.
     */
    private static final Duration NEVER_STUCK = Duration.ofMillis(500);
    /** Each stuck call really waited for the pool (else the check beside them tests nothing). */
    private static final Duration WAITED_FOR_THE_POOL = Duration.ofMillis(1_500);
    /** The pool's connection timeout (2 s) and some slack; calls served one after another take 4 s or more. */
    private static final Duration POOL_TIMEOUT_AND_SLACK = Duration.ofSeconds(3);

    private static final int STUCK_CALLS = 8;
    private static final String EMAIL = "loops@shop.example";

    @TempDir
    Path pgData;

    @TempDir
    Path dataDir;

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void livenessPagesAndCachedCallsAnswerAtOnceWhileCallsThatNeedTheDatabaseWait() throws Exception {
        int pgPort = Instances.freePort();
        EmbeddedPostgres postgres = startPostgres(pgPort);
        try (EmbeddedServer server = Instances.start(Map.of(
                "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
                "datasources.default.username", "postgres",
                "datasources.default.password", "",
                "latchkey.key.pepper", "event-loops-test-pepper-of-32-chars!",
                "latchkey.data-dir", dataDir.toString(),
                // the key stays cached through the whole test
                "latchkey.key-cache-ttl", "PT60S"))) {
            LatchkeyApi api = new LatchkeyApi(server.getURL());
            String requestId = LatchkeyApi.requestIdOf(api.requestKey("Loops", EMAIL));
            assertThat(api.awaitStatus(requestId, "SENT").body()).contains("\"SENT\"");
            String key = new PickupFolder(dataDir).newestKeyFor(EMAIL);
            assertThat(api.verify(EMAIL, key).statusCode()).isEqualTo(200);
            List<HttpRequest> needNoDatabase = List.of(
                    get(server, "/health/liveness").build(),
                    get(server, "/api/v1/integrations/me")
                            .header("Authorization", "Bearer " + key)
                            .build(),
                    get(server, "/verify").build());
            for (HttpRequest request : needNoDatabase) {
                assertThat(client.send(request, HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .as("%s before the outage", request.uri())
                        .isEqualTo(200);
            }

            postgres.close();

            // Warm-up: the first calls after the outage began, not measured.
            answersOf(needNoDatabase, 3);
            List<Answer> alone = answersOf(needNoDatabase, 10);
            System.out.printf("during the outage, no other call: %s%n", summary(alone));
            assertFastAndOk(alone);

            long sent = System.nanoTime();
            HttpResponse<String> needsTheDatabase = verify(server, key).join();
            Duration waited = Duration.ofNanos(System.nanoTime() - sent);
            System.out.printf(
                    "a verification during the outage: %d after %d ms%n",
                    needsTheDatabase.statusCode(), waited.toMillis());
            assertThat(needsTheDatabase.statusCode()).isEqualTo(503);
            assertThat(waited).isLessThan(POOL_TIMEOUT_AND_SLACK);

            HttpClient stuckClient =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<Duration>> stuck = new ArrayList<>();
            for (int call = 0; call < STUCK_CALLS; call++) {
                long start = System.nanoTime();
                stuck.add(verify(stuckClient, server, key).thenApply(reply -> {
                    assertThat(reply.statusCode()).isEqualTo(503);
                    return Duration.ofNanos(System.nanoTime() - start);
                }));
            }
            try {
                await().atMost(Duration.ofSeconds(1)).until(() -> waitingForAConnection(server) >= STUCK_CALLS);
            } catch (ConditionTimeoutException fewerWaitAtOnce) {
                // Calls run on the event loops wait for the pool one loop at a time: the timings below tell.
            }
            List<Answer> besideStuckCalls = answersOf(needNoDatabase, 5);
            System.out.printf(
                    "beside %d verifications waiting for a connection (%d seen waiting): %s%n",
                    STUCK_CALLS, (int) waitingForAConnection(server), summary(besideStuckCalls));
            List<Duration> stuckFor = new ArrayList<>();
            for (CompletableFuture<Duration> call : stuck) {
                stuckFor.add(call.join());
            }
            System.out.printf(
                    "the %d verifications answered 503 after (ms): %s%n",
                    STUCK_CALLS, stuckFor.stream().map(Duration::toMillis).toList());
            assertFastAndOk(besideStuckCalls);
            assertThat(stuckFor).allSatisfy(time -> assertThat(time).isLessThan(POOL_TIMEOUT_AND_SLACK));
            // A call may also fail at once, on a pooled connection the pool had not yet found dead: a
            // correct answer, but one that did not wait, so most calls (not every one) must have waited.
            assertThat(stuckFor.stream().filter(time -> time.compareTo(WAITED_FOR_THE_POOL) >= 0))
                    .as("calls that waited for the pool while the answers beside them were measured")
                    .hasSizeGreaterThanOrEqualTo(STUCK_CALLS / 2);
        } finally {
            postgres.close();
        }
    }

    private record Answer(URI uri, int status, Duration took) {}

    private List<Answer> answersOf(List<HttpRequest> requests, int rounds) throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (HttpRequest request : requests) {
                long start = System.nanoTime();
                HttpResponse<String> reply = client.send(request, HttpResponse.BodyHandlers.ofString());
                answers.add(new Answer(request.uri(), reply.statusCode(), Duration.ofNanos(System.nanoTime() - start)));
            }
        }
        return answers;
    }

    private static void assertFastAndOk(List<Answer> answers) {
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as("%s", answer.uri()).isEqualTo(200);
            assertThat(answer.took()).as("%s", answer.uri()).isLessThan(NEVER_STUCK);
        });
        List<Duration> times = answers.stream().map(Answer::took).sorted().toList();
        assertThat(times.get(times.size() / 2)).as("the median answer").isLessThan(FAST);
    }

    private static String summary(List<Answer> answers) {
        StringBuilder text = new StringBuilder();
        answers.stream()
                .map(Answer::uri)
                .map(URI::getPath)
                .distinct()
                .forEach(path -> text.append(path)
                        .append(' ')
                        .append(answers.stream()
                                .filter(answer -> answer.uri().getPath().equals(path))
                                .map(answer -> answer.took().toNanos() / 100_000 / 10.0)
                                .toList())
                        .append(" ms; "));
        return text.toString();
    }

    private CompletableFuture<HttpResponse<String>> verify(EmbeddedServer server, String key) {
        return verify(client, server, key);
    }

    private static CompletableFuture<HttpResponse<String>> verify(
            HttpClient client, EmbeddedServer server, String key) {
        return client.sendAsync(
                HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/keys/verify"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"" + EMAIL + "\",\"apiKey\":\"" + key + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder get(EmbeddedServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.getURL() + path));
    }

    /** Threads waiting for a pooled connection, from the pool's own metrics. */
    private static double waitingForAConnection(EmbeddedServer server) {
        Gauge pending = server.getApplicationContext()
                .getBean(MeterRegistry.class)
                .find("hikaricp.connections.pending")
                .gauge();
        return pending == null ? 0 : pending.value();
    }

    /** Starts (or restarts) the server on the same port and files; closing it keeps the files. */
    private EmbeddedPostgres startPostgres(int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .start();
    }
}
