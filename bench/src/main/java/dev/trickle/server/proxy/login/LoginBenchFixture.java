package dev.trickle.server.proxy.login;

import dev.trickle.server.emulator.ClerkEmulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The world around Trickle for {@link LoginPathBench}, in its own process so the script can pin it
 * next to Trickle and away from the client: {@link BenchLegacyApp}, a Clerk emulator (production
 * instance, rate limit lifted: the benchmark measures latency, not Clerk's limits) and the legacy
 * user table the {@code database} strategy reads, with bcrypt digests at cost 10 as a typical app
 * has them.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.trickle.server.proxy.login.LoginBenchFixture DIR USERS
 * </pre>
 *
 * Writes {@code DIR/legacy.db} with users 1..USERS (at most 1000) and {@code DIR/fixture.env}
 * ({@code APP_PORT}, {@code CLERK_URL}) once everything listens, then serves until killed.
 */
public final class LoginBenchFixture {
    private static final int MAX_USERS = 1000;
    private static final int BCRYPT_COST = 10;
    private static final int UNLIMITED = 100_000_000;

    private LoginBenchFixture() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DIR USERS");
        }
        Path dir = Path.of(args[0]);
        int users = Math.min(MAX_USERS, Integer.parseInt(args[1]));
        seed(dir.resolve("legacy.db"), users);
        BenchLegacyApp app = BenchLegacyApp.start(new InetSocketAddress("127.0.0.1", 0));
        ClerkEmulator clerk =
                ClerkEmulator.builder()
                        .instance(ClerkEmulator.Instance.PRODUCTION)
                        .rateLimit(UNLIMITED, Duration.ofSeconds(10))
                        .userUpdateLimit(UNLIMITED)
                        .start(new InetSocketAddress("127.0.0.1", 0));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    clerk.close();
                                    app.close();
                                },
                                "fixture-shutdown"));
        writeAtomically(
                dir.resolve("fixture.env"),
                "APP_PORT=" + app.address().getPort() + "\nCLERK_URL=" + clerk.baseUri() + "\n");
        Thread.currentThread().join();
    }

    private static void seed(Path file, int users) throws SQLException {
        List<String> digests =
                LongStream.rangeClosed(1, users)
                        .parallel()
                        .mapToObj(
                                id ->
                                        BCrypt.hashpw(
                                                BenchLegacyApp.password(id),
                                                BCrypt.gensalt(BCRYPT_COST)))
                        .toList();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL,"
                            + " email TEXT UNIQUE NOT NULL, password TEXT NOT NULL)");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < users; i++) {
                    long id = i + 1;
                    insert.setLong(1, id);
                    insert.setString(2, "u" + id);
                    insert.setString(3, "u" + id + "@bench.test");
                    insert.setString(4, digests.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    /** The script polls for the file: it must never see half of it. */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
