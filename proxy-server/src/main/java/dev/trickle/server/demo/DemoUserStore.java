package dev.trickle.server.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The demo app's user table, in a SQLite file shaped like a typical legacy {@code users} table: id,
 * username, email, names, a bcrypt password digest, the sign-up date.
 */
final class DemoUserStore {
    /**
     * Cost 10 is what most frameworks default to; seeding hashes in parallel keeps start-up short.
     */
    private static final int BCRYPT_COST = 10;

    private final String url;

    private DemoUserStore(String url) {
        this.url = url;
    }

    static DemoUserStore create(Path file, int users) throws SQLException {
        DemoUserStore store = new DemoUserStore("jdbc:sqlite:" + file);
        store.seed(users);
        return store;
    }

    String jdbcUrl() {
        return url;
    }

    private void seed(int count) throws SQLException {
        List<DemoUser> users = demoUsers(count);
        List<String> digests =
                IntStream.range(0, count)
                        .parallel()
                        .mapToObj(
                                i ->
                                        BCrypt.hashpw(
                                                users.get(i).password(),
                                                BCrypt.gensalt(BCRYPT_COST)))
                        .toList();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL,"
                            + " email TEXT UNIQUE NOT NULL, first_name TEXT, last_name TEXT,"
                            + " password TEXT NOT NULL, date_joined TEXT NOT NULL)");
            s.executeUpdate("DELETE FROM users");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Instant joined = Instant.parse("2019-03-01T09:00:00Z");
                for (int i = 0; i < count; i++) {
                    DemoUser u = users.get(i);
                    insert.setLong(1, u.id());
                    insert.setString(2, u.username());
                    insert.setString(3, u.email());
                    insert.setString(4, u.firstName());
                    insert.setString(5, u.lastName());
                    insert.setString(6, digests.get(i));
                    insert.setString(7, joined.plus(i * 3L, ChronoUnit.DAYS).toString());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    /** The user whose username or email is {@code login}, if the password matches. */
    Optional<DemoUser> authenticate(String login, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement q =
                        c.prepareStatement(
                                "SELECT id, username, email, first_name, last_name, password FROM users"
                                        + " WHERE username = ? OR email = ?")) {
            q.setString(1, login);
            q.setString(2, login);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || !BCrypt.checkpw(password, rs.getString(6))) {
                    return Optional.empty();
                }
                return Optional.of(
                        new DemoUser(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                ""));
            }
        }
    }

    static List<DemoUser> demoUsers(int count) {
        String[] first = {
            "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia",
            "Niklaus"
        };
        String[] last = {
            "Lovelace",
            "Hopper",
            "Turing",
            "Dijkstra",
            "Liskov",
            "Knuth",
            "Allen",
            "Thompson",
            "Perlman",
            "Wirth"
        };
        List<DemoUser> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String f = first[i % first.length];
            String l = last[(i / first.length) % last.length];
            String username =
                    (f + "." + l + (i / 100 == 0 ? "" : String.valueOf(i / 100))).toLowerCase();
            users.add(
                    new DemoUser(
                            1000 + i,
                            username,
                            username + "@example.com",
                            f,
                            l,
                            "demo-pass-" + Integer.toHexString(0x5eed + i * 7919)));
        }
        return users;
    }
}
