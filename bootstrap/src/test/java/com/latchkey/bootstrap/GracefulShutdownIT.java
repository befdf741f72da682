package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a burst of requests: every request that got its 202 is delivered after a restart
 * on the same data, and no request in flight is cut off with a 5xx.
 */
class GracefulShutdownIT {

    @TempDir
    Path dataDir;

    @Test
    void everyAcceptedRequestIsDeliveredAfterSigtermAndRestart() throws Exception {
        Map<String, String> environment = Map.of(
                "LATCHKEY_DATA_DIR", dataDir.toString(),
                "LATCHKEY_LIMITS_ENABLED", "false",
                "LATCHKEY_DELIVERY_POLL_INTERVAL", "5s");
        List<String> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicBoolean burst = new AtomicBoolean(true);

        try (LatchkeyProcess first =
                LatchkeyProcess.start(environment, dataDir.resolve("first.log")).awaitUp(Duration.ofSeconds(60))) {
            LatchkeyApi api = new LatchkeyApi(first.url());
            ExecutorService clients = Executors.newFixedThreadPool(8);
            AtomicInteger sequence = new AtomicInteger();
            for (int thread = 0; thread < 8; thread++) {
                clients.submit(() -> {
                    while (burst.get()) {
                        int n = sequence.incrementAndGet();
                        try {
                            HttpResponse<String> answer =
                                    api.requestKey("Owner " + n, "owner" + n + "@shutdown.example");
                            if (answer.statusCode() == 202) {
                                accepted.add(LatchkeyApi.requestIdOf(answer));
                            } else if (answer.statusCode() >= 500) {
                                serverErrors.incrementAndGet();
                            }
                        } catch (Exception refusedWhileStopping) {
                            // a connection refused or closed before a request was read: nothing was accepted
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1_500);
            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(40))).isIn(0, 143);
            burst.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(accepted).hasSizeGreaterThan(10);
        assertThat(serverErrors).hasValue(0);

        try (LatchkeyProcess second = LatchkeyProcess.start(
                        Map.of("LATCHKEY_DATA_DIR", dataDir.toString(), "LATCHKEY_DELIVERY_POLL_INTERVAL", "200ms"),
                        dataDir.resolve("second.log"))
                .awaitUp(Duration.ofSeconds(60))) {
            LatchkeyApi api = new LatchkeyApi(second.url());
            for (String requestId : accepted) {
                assertThat(api.awaitStatus(requestId, "SENT").body())
                        .as("request %s accepted before SIGTERM", requestId)
                        .contains("\"status\":\"SENT\"");
            }
        }
    }
}
