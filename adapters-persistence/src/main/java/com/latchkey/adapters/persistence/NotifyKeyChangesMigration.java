package com.latchkey.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Migration 5: on PostgreSQL, every change of a key's state (and a key's removal) notifies channel
 * {@value PostgresKeyChanges#CHANNEL} with the key's digest, inside the changing transaction, so the
 * notification is delivered only if that transaction commits. A trigger rather than the adapter's
 * own statement: every writer is covered, an operator's {@code UPDATE} and a migration's revocations
 * too. The digest (64 hex characters) is what a cache is keyed by; it says nothing about the owner.
 * On the embedded H2 (one instance, which applies its own changes) there is nothing to do.
 */
class NotifyKeyChangesMigration extends BaseJavaMigration {

    private static final String FUNCTION = """
            CREATE FUNCTION api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    PERFORM pg_notify('%1$s', OLD.digest);
                ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
                    PERFORM pg_notify('%1$s', NEW.digest);
                END IF;
                RETURN NULL;
            END
            $$""".formatted(PostgresKeyChanges.CHANNEL);

    private static final String TRIGGER = "CREATE TRIGGER api_key_changed AFTER UPDATE OR DELETE ON api_key"
            + " FOR EACH ROW EXECUTE FUNCTION api_key_changed()";

    @Override
    protected void init() {
        // The version and description are given below, not read from the class name.
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5");
    }

    @Override
    public String getDescription() {
        return "notify key changes";
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(FUNCTION);
            statement.execute(TRIGGER);
        }
    }
}
