package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Audit events older than the retention are deleted, in batches, and nothing younger (SPEC §9). */
class AuditRetentionTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eventsOlderThanTheRetentionAreDeletedAndTheOthersKept(String database) throws Exception {
        Map<String, Object> settings = new HashMap<>();
        if (database.equals("postgres")) {
            settings.putAll(PostgresServer.freshDatabase("retention"));
        } else {
            settings.put(
                    "datasources.default.url", "jdbc:h2:mem:retention-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }
        settings.put("latchkey.key.pepper", "a-pepper-for-the-retention-test-0123456789");
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .properties(settings)
                .start()) {
            DataSource data = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            Instant now = Instant.parse("2026-11-28T10:00:00Z");
            Instant cutoff = now.minus(Duration.ofDays(90));
            int old = AuditRetention.BATCH + 7;
            try (Connection connection = data.getConnection()) {
                insert(connection, old, cutoff.minus(Duration.ofDays(3)));
                insert(connection, 1, cutoff.minusMillis(1));
                insert(connection, 1, cutoff);
                insert(connection, 5, now.minus(Duration.ofDays(1)));
            }
            AuditRetention retention = context.getBean(AuditRetention.class);

            assertThat(retention.removeOlderThan(cutoff)).isEqualTo(old + 1L);

            assertThat(count(data, "occurred_at < ?", cutoff)).isZero();
            assertThat(count(data, "occurred_at >= ?", cutoff)).isEqualTo(6);
            assertThat(retention.removeOlderThan(cutoff))
                    .as("a second run finds nothing")
                    .isZero();
            assertThat(context.getBean(MeterRegistry.class)
                            .get("latchkey.retention.removed")
                            .tag("kind", "audit")
                            .counter()
                            .count())
                    .isEqualTo(old + 1.0);
        }
    }

    private static void insert(Connection connection, int rows, Instant at) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_event (id, event_type, occurred_at) VALUES (?, 'VERIFIED', ?)")) {
            for (int i = 0; i < rows; i++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setTimestamp(2, Timestamp.from(at));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static long count(DataSource data, String condition, Instant at) throws Exception {
        try (Connection connection = data.getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT COUNT(*) FROM audit_event WHERE " + condition)) {
            query.setTimestamp(1, Timestamp.from(at));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
