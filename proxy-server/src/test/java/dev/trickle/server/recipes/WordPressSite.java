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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Debian's WordPress package as a site operator runs it: {@code /usr/share/wordpress} served by
 * PHP's own server on a loopback port, configured the Debian way ({@code
 * /etc/wordpress/config-NAME.php}), installed into a MariaDB database of its own, its users made by
 * WordPress. Removes what it made (process, database, config file) on {@link #close()}.
 */
final class WordPressSite implements AutoCloseable {
    static final String PHP = "/usr/bin/php";
    private static final Path WORDPRESS = Path.of("/usr/share/wordpress");
    private static final Pattern LISTENING =
            Pattern.compile("Development Server \\(http://127\\.0\\.0\\.1:(\\d+)\\) started");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MYSQL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A user to create with {@code wp_insert_user}. */
    record UserSpec(
            String login, String email, String firstName, String lastName, String password) {}

    /** A user WordPress created; {@code ID} is the legacy id, {@code user_registered} is UTC. */
    record WordPressUser(UserSpec spec, String id, String digestPrefix, Instant registered) {}

    private final Path dir;
    private final MariaDbDatabase db;
    private final String configName;
    private final List<WordPressUser> users = new ArrayList<>();
    private ServerProcess server;

    private WordPressSite(Path dir, MariaDbDatabase db) {
        this.dir = dir;
        this.db = db;
        this.configName = db.name().replace('_', '-');
    }

    /** Fails, naming the script that installs them, when Debian's packages are missing. */
    static void requireTools() {
        if (!Files.isRegularFile(WORDPRESS.resolve("wp-login.php"))
                || !ChildScript.succeeds(PHP, "-r", "exit(extension_loaded('mysqli') ? 0 : 1);")) {
            throw new AssertionError(
                    "Debian's WordPress stack is missing (wordpress, php-cli, php-mysql for "
                            + PHP
                            + "): run .ci/services.sh, which installs it");
        }
    }

    static WordPressSite start(Path dir, List<UserSpec> specs) throws Exception {
        requireTools();
        Files.createDirectories(dir);
        WordPressSite site = new WordPressSite(dir, MariaDbDatabase.create("trickle_wp"));
        try {
            site.copyScripts();
            site.writeConfig();
            site.startServer();
            site.install(specs);
            site.db.grantReader(List.of("wp_users", "wp_usermeta"));
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

    WordPressUser user(String login) {
        return users.stream().filter(u -> u.spec().login().equals(login)).findFirst().orElseThrow();
    }

    List<WordPressUser> users() {
        return List.copyOf(users);
    }

    private Path configFile() {
        return Path.of("/etc/wordpress/config-" + configName + ".php");
    }

    private void copyScripts() throws IOException, URISyntaxException {
        Path source = Path.of(WordPressSite.class.getResource("/recipes/wordpress").toURI());
        for (String name : List.of("prepend.php", "install.php")) {
            Files.copy(source.resolve(name), dir.resolve(name));
        }
    }

    private void writeConfig() throws IOException {
        StringBuilder php = new StringBuilder("<?php\n");
        php.append(define("DB_NAME", db.name()))
                .append(define("DB_USER", "root"))
                .append(define("DB_PASSWORD", ""))
                .append(define("DB_HOST", "127.0.0.1:3306"));
        SecureRandom random = new SecureRandom();
        for (String key :
                List.of(
                        "AUTH_KEY",
                        "SECURE_AUTH_KEY",
                        "LOGGED_IN_KEY",
                        "NONCE_KEY",
                        "AUTH_SALT",
                        "SECURE_AUTH_SALT",
                        "LOGGED_IN_SALT",
                        "NONCE_SALT")) {
            byte[] salt = new byte[32];
            random.nextBytes(salt);
            php.append(define(key, Base64.getEncoder().encodeToString(salt)));
        }
        Files.writeString(configFile(), php);
    }

    private static String define(String name, String value) {
        return "define('" + name + "', '" + value + "');\n";
    }

    private ProcessBuilder php(String... args) {
        List<String> command = new ArrayList<>(List.of(PHP));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("WORDPRESS_CONFIG", configName);
        return builder;
    }

    private void startServer() throws IOException, InterruptedException {
        ProcessBuilder builder =
                php(
                        "-d",
                        "auto_prepend_file=" + dir.resolve("prepend.php"),
                        "-S",
                        "127.0.0.1:0",
                        "-t",
                        WORDPRESS.toString());
        // Browsers load a page's parts in parallel; one worker would serialise them.
        builder.environment().put("PHP_CLI_SERVER_WORKERS", "4");
        server =
                ServerProcess.start(
                        builder, dir.resolve("php-server.log"), LISTENING, "/readme.html", 200);
    }

    private void install(List<UserSpec> specs) throws IOException, InterruptedException {
        ArrayNode input = JSON.createArrayNode();
        for (UserSpec spec : specs) {
            input.addObject()
                    .put("login", spec.login())
                    .put("email", spec.email())
                    .put("firstName", spec.firstName())
                    .put("lastName", spec.lastName())
                    .put("password", spec.password());
        }
        ProcessBuilder installer = php(dir.resolve("install.php").toString());
        installer.environment().put("TRICKLE_WP_URL", server.baseUri().toString());
        JsonNode created =
                JSON.readTree(ChildScript.run(installer, dir, JSON.writeValueAsString(input)));
        for (int i = 0; i < specs.size(); i++) {
            JsonNode user = created.get(i);
            users.add(
                    new WordPressUser(
                            specs.get(i),
                            user.get("id").asText(),
                            user.get("digestPrefix").asText(),
                            LocalDateTime.parse(user.get("registered").asText(), MYSQL_TIME)
                                    .toInstant(ZoneOffset.UTC)));
        }
    }

    @Override
    public void close() throws IOException, SQLException {
        if (server != null) {
            server.close();
        }
        Files.deleteIfExists(configFile());
        db.close();
    }
}
