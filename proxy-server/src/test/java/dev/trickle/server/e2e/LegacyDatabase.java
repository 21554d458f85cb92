package dev.trickle.server.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The two databases legacy apps keep their users in, as the test machine runs them. */
public enum LegacyDatabase {
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "TIMESTAMP WITH TIME ZONE"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "DATETIME(3)");

    private final String jdbcUrl;
    private final String user;
    private final String timestampType;

    LegacyDatabase(String jdbcUrl, String user, String timestampType) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.timestampType = timestampType;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    String timestampType() {
        return timestampType;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, "");
    }
}
