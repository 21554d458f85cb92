package dev.trickle.server.recipes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own on the machine's MariaDB, with an account that may only read the tables a
 * recipe's query reads, as the recipes ask operators to set up. Dropped, with the account, on
 * {@link #close()}.
 */
final class MariaDbDatabase implements AutoCloseable {
    private static final String ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/test";

    private final String name;
    private final String reader;

    private MariaDbDatabase(String name, String reader) {
        this.name = name;
        this.reader = reader;
    }

    /** {@code prefix} names the stack, e.g. {@code trickle_wp}. */
    static MariaDbDatabase create(String prefix) throws SQLException {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String suffix = HexFormat.of().formatHex(random);
        MariaDbDatabase db = new MariaDbDatabase(prefix + "_" + suffix, "trickle_rd_" + suffix);
        admin("CREATE DATABASE " + db.name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return db;
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:3306/" + name;
    }

    /** The read-only account; its password is {@link #readerPassword()}. */
    String reader() {
        return reader;
    }

    String readerPassword() {
        return reader + "-pw";
    }

    /** Creates the read-only account once the app has created {@code tables}. */
    void grantReader(List<String> tables) throws SQLException {
        admin("CREATE USER '" + reader + "'@'127.0.0.1' IDENTIFIED BY '" + readerPassword() + "'");
        for (String table : tables) {
            admin("GRANT SELECT ON " + name + "." + table + " TO '" + reader + "'@'127.0.0.1'");
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "root", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row {@code sql} returns, as text. */
    String value(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return rs.getString(1);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "root", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name);
        admin("DROP USER IF EXISTS '" + reader + "'@'127.0.0.1'");
    }
}
