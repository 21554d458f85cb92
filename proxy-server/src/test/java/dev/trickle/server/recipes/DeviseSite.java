package dev.trickle.server.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Rails application with Debian's Devise: {@code devise_for :users}, the generated {@code users}
 * migration, users made by {@code User.create!} (Devise's bcrypt, cost 12, with the pepper if one
 * is given), on WEBrick against a PostgreSQL database of its own with a role that may only read
 * {@code users}. Removes what it made (process, database, role) on {@link #close()}.
 */
final class DeviseSite implements AutoCloseable {
    static final String RUBY = "/usr/bin/ruby";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user to create through Devise. */
    record UserSpec(String email, String password) {}

    /** A user Devise created: its primary key is the legacy id Clerk must get. */
    record DeviseUser(UserSpec spec, String id, String digestPrefix, Instant createdAt) {}

    private final Path dir;
    private final String database;
    private final String readerRole;
    private final Optional<String> pepper;
    private final String secretKeyBase;
    private final List<DeviseUser> users = new ArrayList<>();
    private ServerProcess server;

    private DeviseSite(Path dir, String suffix, Optional<String> pepper) {
        this.dir = dir;
        this.database = "trickle_devise_" + suffix;
        this.readerRole = "trickle_reader_" + suffix;
        this.pepper = pepper;
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        this.secretKeyBase = HexFormat.of().formatHex(key);
    }

    /** Fails, naming the script that installs them, when Debian's Ruby packages are missing. */
    static void requireTools() {
        if (!ChildScript.succeeds(
                RUBY,
                "-e",
                "require 'rails'; require 'action_mailer/railtie'; require 'active_record/railtie';"
                        + " require 'devise'; require 'pg'; require 'webrick'; require 'rack'")) {
            throw new AssertionError(
                    "Debian's Rails and Devise are missing (ruby-devise, ruby-railties,"
                            + " ruby-activerecord, ruby-actionmailer, ruby-pg, ruby-webrick for "
                            + RUBY
                            + "): run .ci/services.sh, which installs them");
        }
    }

    /** Creates the database, migrates it, creates {@code specs} and starts the app. */
    static DeviseSite start(Path dir, List<UserSpec> specs, Optional<String> pepper)
            throws Exception {
        requireTools();
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        DeviseSite site = new DeviseSite(dir, HexFormat.of().formatHex(random), pepper);
        try {
            site.copyApp();
            admin("CREATE DATABASE " + site.database);
            site.setUp(specs);
            site.grantReader();
            site.server =
                    ServerProcess.start(
                            site.ruby("serve.rb"),
                            dir.resolve("webrick.log"),
                            LISTENING,
                            "/users/sign_in",
                            200);
            return site;
        } catch (Exception | AssertionError e) {
            site.close();
            throw e;
        }
    }

    URI baseUri() {
        return server.baseUri();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    String readerRole() {
        return readerRole;
    }

    DeviseUser user(String email) {
        return users.stream().filter(u -> u.spec().email().equals(email)).findFirst().orElseThrow();
    }

    List<DeviseUser> users() {
        return List.copyOf(users);
    }

    /** The first column of the first row {@code sql} returns, as text. */
    String value(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return rs.getString(1);
        }
    }

    private void copyApp() throws IOException, URISyntaxException {
        Path source = Path.of(DeviseSite.class.getResource("/recipes/devise-app").toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private ProcessBuilder ruby(String script) {
        ProcessBuilder builder = new ProcessBuilder(RUBY, script).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("RUBYOPT");
        env.remove("RUBYLIB");
        env.remove("GEM_HOME");
        env.remove("GEM_PATH");
        env.put("RAILS_ENV", "production");
        env.put("SECRET_KEY_BASE", secretKeyBase);
        env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + database);
        pepper.ifPresentOrElse(p -> env.put("DEVISE_PEPPER", p), () -> env.remove("DEVISE_PEPPER"));
        return builder;
    }

    private void setUp(List<UserSpec> specs) throws IOException, InterruptedException {
        ArrayNode input = JSON.createArrayNode();
        for (UserSpec spec : specs) {
            input.addObject().put("email", spec.email()).put("password", spec.password());
        }
        JsonNode created =
                JSON.readTree(
                        ChildScript.run(ruby("setup.rb"), dir, JSON.writeValueAsString(input)));
        for (int i = 0; i < specs.size(); i++) {
            JsonNode user = created.get(i);
            users.add(
                    new DeviseUser(
                            specs.get(i),
                            user.get("id").asText(),
                            user.get("digestPrefix").asText(),
                            Instant.parse(user.get("createdAt").asText())));
        }
    }

    private void grantReader() throws SQLException {
        admin("CREATE ROLE " + readerRole + " LOGIN");
        admin("GRANT CONNECT ON DATABASE " + database + " TO " + readerRole);
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("GRANT SELECT ON users TO " + readerRole);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        if (server != null) {
            server.close();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        admin("DROP ROLE IF EXISTS " + readerRole);
    }
}
