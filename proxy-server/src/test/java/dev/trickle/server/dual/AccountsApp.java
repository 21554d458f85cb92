package dev.trickle.server.dual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A legacy app with the whole account life cycle over a JSON API, its users in a SQLite file with
 * bcrypt digests: sign-up (new addresses unverified), login, "who am I" by session cookie, a
 * password change for the signed-in user, and a reset (a token, then the new password).
 */
final class AccountsApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String jdbcUrl;
    private final PasswordHashes hashes = new PasswordHashes(HashSettings.defaults());
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> resetTokens = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final HttpServer server;

    AccountsApp(Path database) throws IOException, SQLException {
        this.jdbcUrl = "jdbc:sqlite:" + database;
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE NOT NULL,"
                            + " first_name TEXT, password TEXT NOT NULL, email_verified BOOLEAN NOT NULL)");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** A user who existed before Trickle arrived, with a verified address. */
    long seed(String email, String firstName, String password) throws SQLException {
        return insert(email, firstName, password, true);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode body =
                    exchange.getRequestMethod().equals("POST")
                            ? JSON.readTree(exchange.getRequestBody().readAllBytes())
                            : JSON.createObjectNode();
            switch (path) {
                case "/api/signup" -> signUp(exchange, body);
                case "/api/login" -> login(exchange, body);
                case "/api/me" -> me(exchange);
                case "/api/password" -> changePassword(exchange, body);
                case "/api/profile" -> changeProfile(exchange, body);
                case "/api/password/reset/request" -> requestReset(exchange, body);
                case "/api/password/reset" -> reset(exchange, body);
                default -> send(exchange, 404, "{\"error\":\"not found\"}");
            }
        } catch (SQLException e) {
            throw new IOException("user table unreadable", e);
        }
    }

    private void signUp(HttpExchange exchange, JsonNode body) throws IOException, SQLException {
        String email = body.path("email").asText("");
        if (find(email).isPresent() || body.path("password").asText("").length() < 8) {
            send(exchange, 422, "{\"error\":\"email taken or password too short\"}");
            return;
        }
        long id =
                insert(
                        email,
                        body.path("first_name").asText(null),
                        body.path("password").asText(),
                        false);
        answerUser(exchange, 201, find(email).orElseThrow(), id);
    }

    private void login(HttpExchange exchange, JsonNode body) throws IOException, SQLException {
        Optional<User> user = find(body.path("email").asText(""));
        if (user.isEmpty() || !matches(user.get(), body.path("password").asText(""))) {
            send(exchange, 401, "{\"error\":\"invalid credentials\"}");
            return;
        }
        answerUser(exchange, 200, user.get(), user.get().id());
    }

    private void me(HttpExchange exchange) throws IOException, SQLException {
        Optional<User> user = sessionUser(exchange);
        if (user.isEmpty()) {
            send(exchange, 401, "{\"error\":\"not signed in\"}");
            return;
        }
        send(exchange, 200, userJson(user.get()).toString());
    }

    private void changePassword(HttpExchange exchange, JsonNode body)
            throws IOException, SQLException {
        Optional<User> user = sessionUser(exchange);
        if (user.isEmpty() || !matches(user.get(), body.path("current_password").asText(""))) {
            send(exchange, 403, "{\"error\":\"sign in and give your current password\"}");
            return;
        }
        setPassword(user.get().id(), body.path("new_password").asText());
        send(exchange, 200, "{\"ok\":true}");
    }

    private void changeProfile(HttpExchange exchange, JsonNode body)
            throws IOException, SQLException {
        Optional<User> user = sessionUser(exchange);
        if (user.isEmpty()) {
            send(exchange, 401, "{\"error\":\"not signed in\"}");
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE users SET email = ?, first_name = ? WHERE id = ?")) {
            s.setString(1, body.path("email").asText(user.get().email()));
            s.setString(2, body.path("first_name").asText(user.get().firstName()));
            s.setLong(3, user.get().id());
            s.executeUpdate();
        }
        send(exchange, 200, userJson(byId(user.get().id()).orElseThrow()).toString());
    }

    private void requestReset(HttpExchange exchange, JsonNode body)
            throws IOException, SQLException {
        Optional<User> user = find(body.path("email").asText(""));
        String token = random();
        user.ifPresent(u -> resetTokens.put(token, u.id()));
        // A real app mails the token; this one hands it to the test.
        send(exchange, 200, "{\"token\":\"" + (user.isPresent() ? token : "") + "\"}");
    }

    private void reset(HttpExchange exchange, JsonNode body) throws IOException, SQLException {
        Long id = resetTokens.remove(body.path("token").asText(""));
        if (id == null) {
            send(exchange, 400, "{\"error\":\"invalid or used token\"}");
            return;
        }
        setPassword(id, body.path("new_password").asText());
        send(exchange, 200, userJson(byId(id).orElseThrow()).toString());
    }

    private void answerUser(HttpExchange exchange, int status, User user, long id)
            throws IOException {
        String session = random();
        sessions.put(session, id);
        exchange.getResponseHeaders()
                .add("Set-Cookie", "session=" + session + "; HttpOnly; Path=/");
        send(exchange, status, userJson(user).toString());
    }

    private static ObjectNode userJson(User user) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("user")
                .put("id", user.id())
                .put("email", user.email())
                .put("first_name", user.firstName())
                .put("email_verified", user.emailVerified());
        return answer;
    }

    private Optional<User> sessionUser(HttpExchange exchange) throws SQLException {
        String cookies = exchange.getRequestHeaders().getFirst("Cookie");
        if (cookies == null) {
            return Optional.empty();
        }
        for (String pair : cookies.split(";")) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("session") && sessions.containsKey(kv[1])) {
                return byId(sessions.get(kv[1]));
            }
        }
        return Optional.empty();
    }

    private boolean matches(User user, String password) {
        return hashes.verify(StoredDigest.of(user.digest()), password).join().matched();
    }

    private long insert(String email, String firstName, String password, boolean verified)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO users (email, first_name, password, email_verified) VALUES (?, ?, ?, ?)",
                                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, email);
            s.setString(2, firstName);
            s.setString(3, hashes.bcryptHash(password).join());
            s.setBoolean(4, verified);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void setPassword(long id, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s =
                        c.prepareStatement("UPDATE users SET password = ? WHERE id = ?")) {
            s.setString(1, hashes.bcryptHash(password).join());
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    private Optional<User> find(String email) throws SQLException {
        return one(
                "SELECT id, email, first_name, password, email_verified FROM users WHERE email = ?",
                email);
    }

    private Optional<User> byId(long id) throws SQLException {
        return one(
                "SELECT id, email, first_name, password, email_verified FROM users WHERE id = ?",
                id);
    }

    private Optional<User> one(String sql, Object key) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, key);
            try (ResultSet row = s.executeQuery()) {
                return row.next()
                        ? Optional.of(
                                new User(
                                        row.getLong(1),
                                        row.getString(2),
                                        row.getString(3),
                                        row.getString(4),
                                        row.getBoolean(5)))
                        : Optional.empty();
            }
        }
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private record User(
            long id, String email, String firstName, String digest, boolean emailVerified) {}

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        hashes.close();
    }
}
