package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.emulator.ClerkEmulator;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve --check-config --connect} against a real SQLite legacy table and the Clerk emulator:
 * what a file that parses can still get wrong, found before any login depends on it.
 */
final class CheckConfigConnectIT {
    // Stand-ins built from parts, so that no file holds something shaped like a real key.
    private static final String TEST_PREFIX = "sk_test_";
    private static final String KEY = TEST_PREFIX + "emulatorOnly";
    private static final String WRONG_SUFFIX = "neverIssuedByClerk";

    @RegisterExtension
    static final ClerkEmulatorExtension clerk =
            new ClerkEmulatorExtension(ClerkEmulator.builder().secretKeys(List.of(KEY)));

    @TempDir Path dir;
    private Path legacy;

    @BeforeEach
    void legacyTable() throws Exception {
        legacy = dir.resolve("legacy.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, email TEXT, pw TEXT)");
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private Run check(String query, String secretKey) throws Exception {
        Path config = dir.resolve("trickle.yml");
        Files.writeString(
                config,
                "listen: 127.0.0.1:0\nupstream:\n  url: http://127.0.0.1:1\n"
                        + "admin:\n  listen: 127.0.0.1:0\n"
                        + "clerk:\n  apiUrl: "
                        + clerk.baseUri()
                        + "\n  secretKey: "
                        + secretKey
                        + "\nledger:\n  url: jdbc:sqlite:"
                        + dir.resolve("never-created.db")
                        + "\nlegacyDatabase:\n  url: jdbc:sqlite:"
                        + legacy
                        + "\n  query: \""
                        + query
                        + "\"\nroutes:\n  - name: login\n    path: /login\n"
                        + "    success: {status: [302], setsCookie: session}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code =
                cli.execute("serve", "--config", config.toString(), "--check-config", "--connect");
        return new Run(code, out.toString(), err.toString());
    }

    private static final String GOOD_QUERY =
            "SELECT user_id AS id, email, pw AS password_digest FROM users WHERE email = :identifier";

    @Test
    void aWorkingQueryAndKeyAreReportedAndNothingIsWritten() throws Exception {
        Run run = check(GOOD_QUERY, KEY);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "legacyDatabase: connected; the query runs and answers [email, id,"
                                + " password_digest]")
                .contains("clerk: " + clerk.baseUri() + " accepts the secret key");
        assertThat(dir.resolve("never-created.db")).doesNotExist();
        assertThat(clerk.emulator().userCount()).isZero();
    }

    @Test
    void aQueryWithoutAnIdColumnAndARefusedKeyAreEachNamed() throws Exception {
        Run run =
                check(
                        "SELECT email FROM users WHERE email = :identifier",
                        TEST_PREFIX + WRONG_SUFFIX);

        assertThat(run.exitCode()).isEqualTo(78);
        assertThat(run.err())
                .contains("legacyDatabase.query: runs, but answers without an id column")
                .contains("clerk.secretKey: <masked> refused by")
                .doesNotContain(WRONG_SUFFIX);
    }

    @Test
    void aQueryTheDatabaseRefusesIsNamed() throws Exception {
        Run run = check("SELECT id FROM no_such_table WHERE email = :identifier", KEY);

        assertThat(run.exitCode()).isEqualTo(78);
        assertThat(run.err())
                .contains("legacyDatabase: legacy database query failed")
                .contains("no_such_table");
    }
}
