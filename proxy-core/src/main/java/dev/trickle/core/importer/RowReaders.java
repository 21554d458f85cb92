package dev.trickle.core.importer;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.Properties;

/** The sources that are not files: the legacy database and a source Clerk instance. */
public final class RowReaders {
    private RowReaders() {}

    /** Streams {@code query}'s rows ({@code legacyDatabase.query}'s columns, every user). */
    public static RowReader database(LegacyDatabaseSettings database, String query, int fetchSize)
            throws IOException {
        return DatabaseRowReader.open(database, query, fetchSize);
    }

    /** How many rows {@code query} returns, for the progress line's ETA. */
    public static OptionalLong countRows(LegacyDatabaseSettings database, String query) {
        Properties properties = new Properties();
        database.user().ifPresent(u -> properties.setProperty("user", u));
        database.password().ifPresent(p -> properties.setProperty("password", p.reveal()));
        try (Connection c = DriverManager.getConnection(database.connectionUrl(), properties);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (" + query + ") import_rows")) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            // The count only feeds the ETA; the import query itself reports real trouble.
            return OptionalLong.empty();
        }
    }

    /** Every user of a source Clerk instance, newest first, by cursor paging. */
    public static RowReader clerk(ClerkClient source) {
        return ClerkApiRowReader.open(source);
    }

    /** Rows of a file, for the progress line's ETA: one streaming pass, nothing kept. */
    public static long countRows(FileFormat format, java.nio.file.Path file) throws IOException {
        long rows = 0;
        try (RowReader reader = format.open(file)) {
            while (reader.next().isPresent()) {
                rows++;
            }
        }
        return rows;
    }
}
