package com.latchkey.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;

/**
 * A statement ending in {@code … IN} run for a list of values, each bound to a placeholder (no value
 * is ever written into the SQL): what the erasure and the retention job delete and update by id.
 */
final class WhereIn {

    private WhereIn() {}

    /** Runs {@code statementWhereIn (?, ?, …)} for these values, answering the rows changed; nothing at all for none. */
    static int run(Connection connection, String statementWhereIn, Collection<?> values) throws SQLException {
        if (values.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(statementWhereIn + " " + marks(values.size()))) {
            bind(statement, 1, values);
            return statement.executeUpdate();
        }
    }

    /** {@code (?, ?, …)}, one mark per value. */
    static String marks(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    /** Binds the values in order, the first at {@code first}. */
    static void bind(PreparedStatement statement, int first, Collection<?> values) throws SQLException {
        int position = first;
        for (Object value : values) {
            statement.setObject(position++, value);
        }
    }
}
