package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

/** Readiness of the database: probed in the background, answered from memory. */
class DatabaseHealthIndicatorTest {

    /** The real pool of the H2 context, counting the connections taken from it and able to play "away". */
    private static final class WatchedDataSource {
        final AtomicInteger connectionsTaken = new AtomicInteger();
        final AtomicBoolean away = new AtomicBoolean();
        final DataSource dataSource;

        WatchedDataSource() {
            DataSource real = DelegatingDataSource.unwrapDataSource(Database.H2.port(DataSource.class));
            dataSource = (DataSource) Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            connectionsTaken.incrementAndGet();
                            if (away.get()) {
                                throw new SQLTransientConnectionException("database away");
                            }
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException failed) {
                            throw failed.getCause();
                        }
                    });
        }
    }

    private static HealthStatus readiness(DatabaseHealthIndicator indicator) {
        HealthResult result = Mono.from(indicator.getResult()).block(Duration.ofSeconds(10));
        assertThat(result.getName()).isEqualTo("database");
        return result.getStatus();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void upOnARealDatabase(Database database) {
        assertThat(readiness(database.port(DatabaseHealthIndicator.class))).isEqualTo(HealthStatus.UP);
    }

    @Test
    void readinessCallsTakeNoConnectionOfTheirOwn() {
        WatchedDataSource watched = new WatchedDataSource();
        DatabaseHealthIndicator indicator = new DatabaseHealthIndicator(watched.dataSource, Duration.ofSeconds(10));
        try {
            long started = System.nanoTime();
            for (int call = 0; call < 50; call++) {
                assertThat(readiness(indicator)).isEqualTo(HealthStatus.UP);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
            assertThat(watched.connectionsTaken).as("the probe at start only").hasValue(1);
        } finally {
            indicator.stop();
        }
    }

    @Test
    void downWithinSecondsOfTheDatabaseGoingAwayAndUpWhenItIsBack() {
        WatchedDataSource watched = new WatchedDataSource();
        DatabaseHealthIndicator indicator = new DatabaseHealthIndicator(watched.dataSource, Duration.ofSeconds(1));
        try {
            assertThat(readiness(indicator)).isEqualTo(HealthStatus.UP);

            watched.away.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> readiness(indicator) == HealthStatus.DOWN);

            watched.away.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> readiness(indicator) == HealthStatus.UP);
        } finally {
            indicator.stop();
        }
    }
}
