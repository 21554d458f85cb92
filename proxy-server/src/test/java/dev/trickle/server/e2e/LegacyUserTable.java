package dev.trickle.server.e2e;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The legacy app's user table in a real database, under a name of its own so parallel runs never
 * meet; dropped on close.
 */
public final class LegacyUserTable implements AutoCloseable {
    private final LegacyDatabase database;
    private final String name;

    private LegacyUserTable(LegacyDatabase database, String name) {
        this.database = database;
        this.name = name;
    }

    public static LegacyUserTable create(LegacyDatabase database, List<LegacyUser> users)
            throws SQLException {
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        LegacyUserTable table =
                new LegacyUserTable(database, "legacy_users_" + HexFormat.of().formatHex(suffix));
        try (Connection c = database.connect();
                Statement ddl = c.createStatement()) {
            ddl.execute(
                    "CREATE TABLE "
                            + table.name
                            + " (id BIGINT PRIMARY KEY, username VARCHAR(150) NOT NULL UNIQUE,"
                            + " email VARCHAR(254) NOT NULL UNIQUE, first_name VARCHAR(150),"
                            + " date_joined "
                            + database.timestampType()
                            + " NOT NULL, password_format VARCHAR(40) NOT NULL,"
                            + " password VARCHAR(255) NOT NULL, is_active BOOLEAN NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement insert =
                    c.prepareStatement(
                            "INSERT INTO " + table.name + " VALUES (?, ?, ?, ?, ?, ?, ?, TRUE)")) {
                for (LegacyUser u : users) {
                    insert.setLong(1, u.id());
                    insert.setString(2, u.username());
                    insert.setString(3, u.email());
                    insert.setString(4, u.firstName());
                    insert.setTimestamp(5, Timestamp.from(u.joined()));
                    insert.setString(6, u.format());
                    insert.setString(7, u.digest());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            table.close();
            throw e;
        }
        return table;
    }

    public LegacyDatabase database() {
        return database;
    }

    /** The table's name, for queries of the operator's own (counts, listings). */
    public String name() {
        return name;
    }

    /** The query an operator would give Trickle: read only, by username or email. */
    public String trickleQuery() {
        return "SELECT id, email, username, first_name, date_joined AS created_at,"
                + " password AS password_digest FROM "
                + name
                + " WHERE (username = :identifier OR email = :identifier) AND is_active";
    }

    /** What the app itself reads at login: the stored digest and the format it was made in. */
    public Optional<Row> find(Connection c, String identifier) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement(
                        "SELECT id, username, email, first_name, password_format, password FROM "
                                + name
                                + " WHERE (username = ? OR email = ?) AND is_active")) {
            q.setString(1, identifier);
            q.setString(2, identifier);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Row(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6)));
            }
        }
    }

    /** One row as the app reads it. */
    public record Row(
            long id,
            String username,
            String email,
            String firstName,
            String format,
            String digest) {
        @Override
        public String toString() {
            return "Row[" + id + ", " + username + ", " + format + "]";
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = database.connect();
                Statement ddl = c.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS " + name);
        }
    }
}
