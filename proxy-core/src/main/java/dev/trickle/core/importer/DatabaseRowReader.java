package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Streams every user of the legacy database through one read-only query with a server-side cursor:
 * PostgreSQL fetches {@code fetchSize} rows at a time inside a read-only transaction (it only
 * streams with autocommit off), MariaDB streams with a positive fetch size, SQLite steps its
 * statement. Column names are those of {@code legacyDatabase.query}; timestamps become RFC 3339.
 */
final class DatabaseRowReader implements RowReader {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final String[] labels;
    private long row;

    private DatabaseRowReader(
            Connection connection, Statement statement, ResultSet rows, String[] labels) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.labels = labels;
    }

    static DatabaseRowReader open(LegacyDatabaseSettings database, String query, int fetchSize)
            throws IOException {
        Properties properties = new Properties();
        database.user().ifPresent(u -> properties.setProperty("user", u));
        database.password().ifPresent(p -> properties.setProperty("password", p.reveal()));
        Connection connection = null;
        try {
            connection = DriverManager.getConnection(database.connectionUrl(), properties);
            if (!database.jdbcUrl().startsWith("jdbc:sqlite:")) {
                connection.setReadOnly(true);
            }
            connection.setAutoCommit(false);
            Statement statement =
                    connection.createStatement(
                            ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(fetchSize);
            ResultSet rows = statement.executeQuery(query);
            ResultSetMetaData meta = rows.getMetaData();
            String[] labels = new String[meta.getColumnCount()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = meta.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
            }
            return new DatabaseRowReader(connection, statement, rows, labels);
        } catch (SQLException e) {
            closeQuietly(connection);
            // The driver's message names the problem (bad column, no table), never a row's value.
            throw new IOException("legacy database import query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<RawRow> next() throws IOException {
        try {
            if (!rows.next()) {
                return Optional.empty();
            }
            row++;
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < labels.length; i++) {
                Object value = rows.getObject(i + 1);
                if (value == null) {
                    continue;
                }
                if (value instanceof Boolean b) {
                    fields.put(labels[i], b);
                } else if (value instanceof Timestamp ts) {
                    fields.put(labels[i], ts.toInstant().toString());
                } else if (value instanceof OffsetDateTime odt) {
                    fields.put(labels[i], odt.toInstant().toString());
                } else if (value instanceof LocalDateTime ldt) {
                    fields.put(labels[i], ldt.toInstant(ZoneOffset.UTC).toString());
                } else {
                    fields.put(labels[i], value.toString());
                }
            }
            return Optional.of(new RawRow.Fields(row, fields));
        } catch (SQLException e) {
            throw new IOException("reading the legacy database failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            // Closing the connection below releases the cursor anyway.
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            // Nothing was written: there is nothing to roll back that matters.
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // The process is done with this connection either way.
        }
    }
}
