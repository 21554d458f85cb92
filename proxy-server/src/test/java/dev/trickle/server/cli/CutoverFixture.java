package dev.trickle.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.core.ledger.ClerkOrigin;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.e2e.LedgerDatabase;
import dev.trickle.server.e2e.LegacyUserTable;
import dev.trickle.server.emulator.ClerkEmulatorExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;

/**
 * A cutover scene for the export, rollback and reconcile commands: the Clerk emulator, a ledger
 * seeded row by row, optionally a legacy user table, and serve's config file pointing at them.
 */
final class CutoverFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** A production key, so the client paces at production limits. */
    static final String KEY = dev.trickle.server.e2e.TrickleConfig.PRODUCTION_KEY;

    private final ClerkEmulatorExtension clerk;
    private final LedgerDatabase ledgerDatabase;
    private final Ledger ledger;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private Optional<LegacyUserTable> legacy = Optional.empty();

    /** What one command run printed and returned. */
    record Run(int exitCode, String out, String err) {}

    CutoverFixture(ClerkEmulatorExtension clerk, LedgerDatabase ledgerDatabase, Path dir) {
        this.clerk = clerk;
        this.ledgerDatabase = ledgerDatabase;
        this.dir = dir;
        this.ledger = Ledger.open(LedgerSettings.ofUrl(ledgerDatabase.url()), Clock.systemUTC());
    }

    CutoverFixture legacy(LegacyUserTable table) {
        legacy = Optional.of(table);
        return this;
    }

    Ledger ledger() {
        return ledger;
    }

    /** A Clerk user made directly in the emulator; its id. */
    String clerkUser(String externalId, String email) throws IOException, InterruptedException {
        String body =
                JSON.createObjectNode()
                        .put("external_id", externalId)
                        .put("skip_password_requirement", true)
                        .set("email_address", JSON.createArrayNode().add(email))
                        .toString();
        HttpResponse<String> created =
                http.send(
                        request("/users")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IOException("creating a Clerk user: " + created.body());
        }
        return JSON.readTree(created.body()).get("id").asText();
    }

    void deleteClerkUser(String id) throws IOException, InterruptedException {
        http.send(request("/users/" + id).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The emulator's answer to {@code GET path}, as JSON. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(
                http.send(request(path).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A ledger row settled as {@code state}, with the Clerk id and origin given. */
    void settled(
            String legacyId,
            String identifier,
            MigrationSource source,
            MigrationState state,
            String clerkUserId,
            ClerkOrigin origin) {
        ledger.rows().claim(legacyId, identifier, source, "fixture", LEASE);
        ledger.rows()
                .complete(legacyId, "fixture", state, Optional.ofNullable(clerkUserId), origin);
    }

    /** A ledger row left pending, as after a deferred migration. */
    void pending(String legacyId, String identifier) {
        ledger.rows().claim(legacyId, identifier, MigrationSource.LOGIN, "fixture", LEASE);
        ledger.rows()
                .defer(
                        legacyId,
                        "fixture",
                        "clerk_timeout",
                        java.time.Instant.now().plusSeconds(60));
    }

    /** Runs {@code trickle <command> --config <file> args...} in-process. */
    Run run(String command, String... args) throws IOException {
        Path config = dir.resolve("trickle.yml");
        Files.writeString(config, yaml());
        String[] argv = new String[args.length + 3];
        argv[0] = command;
        argv[1] = "--config";
        argv[2] = config.toString();
        System.arraycopy(args, 0, argv, 3, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(argv);
        return new Run(exit, out.toString(), err.toString());
    }

    private String yaml() {
        StringBuilder yaml =
                new StringBuilder(
                        "upstream:\n  url: http://127.0.0.1:1\n"
                                + "clerk:\n  apiUrl: "
                                + clerk.baseUri()
                                + "\n  secretKey: "
                                + KEY
                                + "\nledger:\n  url: "
                                + ledgerDatabase.url()
                                + "\n");
        legacy.ifPresent(
                table ->
                        yaml.append("legacyDatabase:\n  url: ")
                                .append(table.database().jdbcUrl())
                                .append("\n  user: ")
                                .append(table.database().user())
                                .append("\n  query: \"")
                                .append(table.trickleQuery())
                                .append("\"\n  countQuery: SELECT COUNT(*) FROM ")
                                .append(table.name())
                                .append("\nreconcile:\n  legacyUsersQuery: SELECT id, email FROM ")
                                .append(table.name())
                                .append("\n"));
        return yaml.toString();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(clerk.baseUri() + path))
                .header("Authorization", "Bearer " + KEY);
    }

    @Override
    public void close() throws java.sql.SQLException {
        ledger.close();
        ledgerDatabase.close();
        if (legacy.isPresent()) {
            legacy.get().close();
        }
    }
}
