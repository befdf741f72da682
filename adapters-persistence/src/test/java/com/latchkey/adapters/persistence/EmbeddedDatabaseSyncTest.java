package com.latchkey.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's file is brought up to date on the disk every second, and the start is
 * refused when H2 would overwrite replaced data sooner than three syncs.
 */
class EmbeddedDatabaseSyncTest {

    @TempDir
    Path folder;

    private JdbcDataSource database(String options) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("latchkey") + ";DB_CLOSE_DELAY=-1" + options);
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    @Test
    void aCommitReachesTheFileWithinASyncThoughH2WouldWriteItOnlyAMinuteLater() throws Exception {
        // H2's own writer would store the change only after WRITE_DELAY, a minute here.
        JdbcDataSource dataSource = database(";RETENTION_TIME=3000;WRITE_DELAY=60000");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            createNotesOnDisk(statement);
            statement.execute("INSERT INTO note VALUES ('committed')");

            EmbeddedDatabaseSync sync = new EmbeddedDatabaseSync(dataSource);
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> notesInACopyOfTheFile() == 1);
            } finally {
                sync.stop();
            }
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void theSyncRunsWhileTheRequestsHoldEveryConnectionThePoolLends() throws Exception {
        JdbcDataSource database = database(";RETENTION_TIME=3000;WRITE_DELAY=60000");
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(250);
        List<Connection> taken = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection setup = pool.getConnection();
                    Statement statement = setup.createStatement()) {
                createNotesOnDisk(statement);
            }
            EmbeddedDatabaseSync sync = new EmbeddedDatabaseSync(pool);
            try {
                Thread.sleep(EmbeddedDatabaseSync.EVERY.multipliedBy(3).toMillis() / 2);
                // A saturated intake: every connection the pool will lend is taken and kept.
                while (true) {
                    try {
                        taken.add(pool.getConnection());
                    } catch (SQLException poolExhausted) {
                        break;
                    }
                }
                try (Statement statement = taken.getFirst().createStatement()) {
                    statement.execute("INSERT INTO note VALUES ('committed')");
                }

                await().atMost(Duration.ofSeconds(5)).until(() -> notesInACopyOfTheFile() == 1);
            } finally {
                for (Connection connection : taken) {
                    connection.close();
                }
                sync.stop();
            }
        }
        try (Connection last = database.getConnection();
                Statement statement = last.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void withoutTheSyncTheCommitIsNotInTheFileYet() throws Exception {
        JdbcDataSource dataSource = database(";RETENTION_TIME=3000;WRITE_DELAY=60000");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            createNotesOnDisk(statement);
            statement.execute("INSERT INTO note VALUES ('committed')");

            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> notesInACopyOfTheFile() == 0);
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void aRetentionShorterThanThreeSyncsStopsTheStartNamingTheSetting() throws Exception {
        JdbcDataSource dataSource = database(";RETENTION_TIME=2000");
        try (Connection open = dataSource.getConnection()) {
            assertThatThrownBy(() -> new EmbeddedDatabaseSync(dataSource))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("DATASOURCES_DEFAULT_URL")
                    .hasMessageContaining("RETENTION_TIME=2000");
            open.createStatement().execute("SHUTDOWN");
        }
    }

    /** An empty table of notes, already on the disk: what a note added later needs a sync to join there. */
    private static void createNotesOnDisk(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE note (text VARCHAR(20))");
        statement.execute("CHECKPOINT");
    }

    /** How many notes a copy of the file holds: what would be read from it if the process died now. */
    private long notesInACopyOfTheFile() throws SQLException, IOException {
        Path copy = folder.resolve("copy-" + System.nanoTime());
        Files.createDirectories(copy);
        Files.copy(folder.resolve("latchkey.mv.db"), copy.resolve("latchkey.mv.db"));
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("latchkey"), "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM note")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
