package com.latchkey.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.latchkey.adapters.persistence.testing.PostgresServer;
import com.latchkey.application.port.in.DescribeStoredDataUseCase;
import com.latchkey.application.port.in.DescribeStoredDataUseCase.StoredData;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data inventory (SPEC §9) is the truth about the schema: every column of every table, on H2
 * and on PostgreSQL, is listed by an entry (a new column without one fails here), every column an
 * entry lists exists, and docs/privacy.md is the inventory as rendered below.
 */
class DataInventoryTest {

    /** Flyway's own bookkeeping: no data of anyone's. */
    private static final Set<String> NOT_DATA = Set.of("flyway_schema_history");

    private static final Path PRIVACY_DOC = Path.of("..", "docs", "privacy.md");

    @Test
    void everyColumnOfTheEmbeddedDatabaseIsInTheInventoryAndNothingElse(@TempDir Path dataDir) throws Exception {
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            assertThat(listed(server)).isEqualTo(columns(server));
        }
    }

    @Test
    void everyColumnOfPostgresqlIsInTheInventoryAndNothingElse(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = new HashMap<>(PostgresServer.freshDatabase("inventory"));
        settings.put("latchkey.data-dir", dataDir.toString());
        settings.put("latchkey.key.pepper", "a-pepper-for-the-inventory-test-0123456789");
        try (EmbeddedServer server = Instances.start(settings)) {
            assertThat(listed(server)).isEqualTo(columns(server));
        }
    }

    @Test
    void docsPrivacyIsTheInventory(@TempDir Path dataDir) throws Exception {
        try (EmbeddedServer server = Instances.start(Map.of("latchkey.data-dir", dataDir.toString()))) {
            String expected = markdown(server.getApplicationContext()
                    .getBean(DescribeStoredDataUseCase.class)
                    .inventory());
            if (Boolean.getBoolean("privacy.write")) {
                Files.writeString(PRIVACY_DOC, expected, StandardCharsets.UTF_8);
            }
            assertThat(Files.readString(PRIVACY_DOC, StandardCharsets.UTF_8))
                    .as("docs/privacy.md is rendered from the inventory: run this test with -Dprivacy.write=true")
                    .isEqualTo(expected);
        }
    }

    private static Set<String> listed(EmbeddedServer server) {
        return server.getApplicationContext().getBean(DescribeStoredDataUseCase.class).inventory().stream()
                .flatMap(entry -> entry.storage().stream())
                .filter(place -> place.contains(".") && !place.startsWith("file:"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every table.column of the service's schema, lower case, from the database's own catalogue. */
    private static Set<String> columns(EmbeddedServer server) throws Exception {
        DataSource database = DelegatingDataSource.unwrapDataSource(
                server.getApplicationContext().getBean(DataSource.class));
        Set<String> columns = new TreeSet<>();
        try (Connection connection = database.getConnection();
                ResultSet rows = connection.getMetaData().getColumns(null, connection.getSchema(), "%", "%")) {
            while (rows.next()) {
                String table = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!NOT_DATA.contains(table)) {
                    columns.add(table + "." + rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return columns;
    }

    /** The inventory as docs/privacy.md shows it. */
    static String markdown(java.util.List<StoredData> inventory) {
        StringBuilder doc = new StringBuilder("""
                # What Latchkey keeps about owners

                Generated from the data inventory in the code (`DataInventory`, application module), which
                also renders the `/privacy` page; `DataInventoryTest` fails when a table column is missing
                from it or this file differs. Durations are those of the default settings.

                """);
        for (StoredData entry : inventory) {
            doc.append("## ")
                    .append(entry.record())
                    .append(entry.personal() ? " (personal data)" : "")
                    .append("\n\n")
                    .append("- **What:** ")
                    .append(entry.holds())
                    .append('\n')
                    .append("- **Why:** ")
                    .append(entry.why())
                    .append('\n')
                    .append("- **How long:** ")
                    .append(entry.keptFor())
                    .append('\n')
                    .append("- **Who sees it:** ")
                    .append(entry.whoSees())
                    .append('\n')
                    .append("- **Where:** ")
                    .append(entry.storage().stream()
                            .map(place -> "`" + place + "`")
                            .collect(Collectors.joining(", ")))
                    .append("\n\n");
        }
        return doc.toString();
    }
}
