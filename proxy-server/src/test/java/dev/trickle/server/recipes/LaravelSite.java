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
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Laravel 8 application on Debian's php-laravel-framework: the starter kits' email and password
 * login with its CSRF token, Laravel's first {@code users} migration, users made with Laravel's
 * {@code Hash} (bcrypt and argon2id), served by PHP's own server the way {@code artisan serve}
 * does, against a MariaDB database of its own with an account that may only read {@code users}.
 * Removes what it made (process, database) on {@link #close()}.
 */
final class LaravelSite implements AutoCloseable {
    static final String PHP = "/usr/bin/php";
    private static final Pattern LISTENING =
            Pattern.compile("Development Server \\(http://127\\.0\\.0\\.1:(\\d+)\\) started");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user to create; {@code hasher} is a Laravel hashing driver, bcrypt or argon2id. */
    record UserSpec(String name, String email, String password, String hasher, boolean verified) {}

    /** A user Laravel created: its primary key is the legacy id Clerk must get. */
    record LaravelUser(UserSpec spec, String id, String digestPrefix, Instant createdAt) {}

    private final Path dir;
    private final MariaDbDatabase db;
    private final String appKey;
    private final List<LaravelUser> users = new ArrayList<>();
    private ServerProcess server;

    private LaravelSite(Path dir, MariaDbDatabase db) {
        this.dir = dir;
        this.db = db;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.appKey = "base64:" + Base64.getEncoder().encodeToString(key);
    }

    /** Fails, naming the script that installs them, when Debian's packages are missing. */
    static void requireTools() {
        if (!ChildScript.succeeds(
                PHP,
                "-r",
                "require 'Illuminate/autoload.php';"
                        + " exit(class_exists('Illuminate\\\\Foundation\\\\Application')"
                        + " && extension_loaded('pdo_mysql') ? 0 : 1);")) {
            throw new AssertionError(
                    "Debian's Laravel stack is missing (php-laravel-framework, php-cli, php-mysql"
                            + " for "
                            + PHP
                            + "): run .ci/services.sh, which installs it");
        }
    }

    static LaravelSite start(Path dir, List<UserSpec> specs) throws Exception {
        requireTools();
        LaravelSite site = new LaravelSite(dir, MariaDbDatabase.create("trickle_laravel"));
        try {
            site.copyApp();
            site.setUp(specs);
            site.db.grantReader(List.of("users"));
            ProcessBuilder serve =
                    site.php("-S", "127.0.0.1:0", "-t", "public", "public/router.php");
            serve.environment().put("PHP_CLI_SERVER_WORKERS", "4");
            site.server =
                    ServerProcess.start(
                            serve, dir.resolve("php-server.log"), LISTENING, "/login", 200);
            return site;
        } catch (Exception | AssertionError e) {
            site.close();
            throw e;
        }
    }

    URI baseUri() {
        return server.baseUri();
    }

    MariaDbDatabase database() {
        return db;
    }

    LaravelUser user(String email) {
        return users.stream().filter(u -> u.spec().email().equals(email)).findFirst().orElseThrow();
    }

    List<LaravelUser> users() {
        return List.copyOf(users);
    }

    private void copyApp() throws IOException, URISyntaxException {
        Path source = Path.of(LaravelSite.class.getResource("/recipes/laravel-app").toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private ProcessBuilder php(String... args) {
        List<String> command = new ArrayList<>(List.of(PHP));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("APP_ENV", "production");
        env.put("APP_KEY", appKey);
        env.put("DB_HOST", "127.0.0.1");
        env.put("DB_PORT", "3306");
        env.put("DB_DATABASE", db.name());
        env.put("DB_USERNAME", "root");
        env.put("DB_PASSWORD", "");
        return builder;
    }

    private void setUp(List<UserSpec> specs) throws IOException, InterruptedException {
        ArrayNode input = JSON.createArrayNode();
        for (UserSpec spec : specs) {
            input.addObject()
                    .put("name", spec.name())
                    .put("email", spec.email())
                    .put("password", spec.password())
                    .put("hasher", spec.hasher())
                    .put("verified", spec.verified());
        }
        JsonNode created =
                JSON.readTree(
                        ChildScript.run(php("setup.php"), dir, JSON.writeValueAsString(input)));
        for (int i = 0; i < specs.size(); i++) {
            JsonNode user = created.get(i);
            users.add(
                    new LaravelUser(
                            specs.get(i),
                            user.get("id").asText(),
                            user.get("digestPrefix").asText(),
                            Instant.parse(user.get("createdAt").asText())));
        }
    }

    @Override
    public void close() throws SQLException {
        if (server != null) {
            server.close();
        }
        db.close();
    }
}
