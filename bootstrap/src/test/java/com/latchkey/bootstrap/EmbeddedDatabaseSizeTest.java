package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database stays its size: a minute of key requests from four clients at a steady
 * {@value #RATE} a second (or as many as the machine takes, if fewer), delivered to the pickup
 * folder as they come, never makes the H2 file larger than {@value #BOUND} times the data it holds
 * (the size of the file compacted afterwards). The property {@code latchkey.size-test.seconds}
 * shortens the minute for a local run.
 *
 * <p>The goal is three times. At 100-340 requests a second most runs stay under it (2.4-2.9
 * times); a small database on a busy machine (41 and 127 a second) reached 3.4 and 3.6, and 576 a
 * second reached 3.9 (docs/production.md, "The embedded database"). The rate is fixed so that a
 * faster machine runs the same test, and the bound is what a build can rely on. Before the claim
 * took only the rows it delivers and the retention was shortened, a minute ended at 11 to 46
 * times, growing without end.
 */
class EmbeddedDatabaseSizeTest {

    private static final Duration LOAD = Duration.ofSeconds(Long.getLong("latchkey.size-test.seconds", 60));
    private static final int CLIENTS = 4;
    /** Requests a second from all clients together, when the machine keeps up. */
    private static final int RATE = 250;

    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
    private static final int BOUND = 4;

    @TempDir
    Path dataDir;

    @Test
    void aMinuteOfRequestsAndDeliveriesKeepsTheFileWithinFourTimesItsData() throws Exception {
        Path file = dataDir.resolve("latchkey.mv.db");
        AtomicLong accepted = new AtomicLong();
        AtomicLong largest = new AtomicLong();
        long delivered;
        long started = System.nanoTime();
        try (EmbeddedServer server = Instances.start(Map.of(
                "latchkey.data-dir", dataDir.toString(),
                "latchkey.limits.enabled", "false",
                // One line per request and delivery would only slow the clients down.
                "logger.levels.latchkey.audit", "WARN"))) {
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> largest.accumulateAndGet(sizeOf(file), Math::max),
                    0,
                    SAMPLE_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long until = System.nanoTime() + LOAD.toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                running.add(clients.submit(() -> {
                    LatchkeyApi api = new LatchkeyApi(server.getURL());
                    long every = TimeUnit.SECONDS.toNanos(CLIENTS) / RATE;
                    long next = System.nanoTime();
                    for (long i = 0; System.nanoTime() < until; i++) {
                        // Paced, not waited on: a client that falls behind sends at once.
                        LockSupport.parkNanos(next - System.nanoTime());
                        next += every;
                        if (api.requestKey("Load", "load-" + id + "-" + i + "@size.example")
                                        .statusCode()
                                == 202) {
                            accepted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();
            sampler.shutdown();
            assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            largest.accumulateAndGet(sizeOf(file), Math::max);
            delivered = delivered(server);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        long live = compactedSize(file);

        System.out.printf(
                "%d requests accepted (%.0f/s), %d delivered; the file at most %,d bytes, its data %,d bytes: %.1f x%n",
                accepted.get(),
                accepted.get() / seconds,
                delivered,
                largest.get(),
                live,
                (double) largest.get() / live);
        assertThat(accepted.get()).isPositive();
        assertThat(delivered).as("delivery ran alongside").isPositive();
        assertThat(largest.get())
                .as("the largest size of the file while it took requests and deliveries, against its data")
                .isLessThanOrEqualTo(BOUND * live);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static long delivered(EmbeddedServer server) throws Exception {
        DataSource database = DelegatingDataSource.unwrapDataSource(
                server.getApplicationContext().getBean(DataSource.class));
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM key_request WHERE status = 'SENT'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The size of the data alone: the file once H2 has rewritten it with nothing but the live pages. */
    private static long compactedSize(Path file) throws Exception {
        String name = file.getFileName().toString().replace(".mv.db", "");
        try (Connection connection =
                        DriverManager.getConnection("jdbc:h2:file:" + file.resolveSibling(name), "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
        return Files.size(file);
    }
}
