package dev.trickle.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small legacy web app of the kind Trickle sits in front of: users in PostgreSQL or MariaDB,
 * checked with the stored digest's own format; a CSRF-protected form login ({@code /login}, as
 * Django does it: a signed token in a cookie and in the form) that sets a session cookie and
 * redirects, and a JSON login ({@code /api/login}) that answers the user.
 *
 * <p>Its answers are a function of the request alone (no per-request randomness except the CSRF
 * token handed out on GET), so the same request sent direct and through Trickle must come back byte
 * for byte the same but for {@code Date}.
 */
public final class LegacyLoginApp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LegacyUserTable users;
    private final HikariDataSource pool;
    private final PasswordHashes hashes = new PasswordHashes(HashSettings.defaults());
    private final byte[] key = new byte[32];
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private final HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger loginsSucceeded = new AtomicInteger();

    private LegacyLoginApp(LegacyUserTable users) throws IOException {
        this.users = users;
        new SecureRandom().nextBytes(key);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(users.database().jdbcUrl());
        config.setUsername(users.database().user());
        config.setMaximumPoolSize(8);
        config.setPoolName("legacy-app");
        this.pool = new HikariDataSource(config);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    public static LegacyLoginApp start(LegacyUserTable users) throws IOException {
        return new LegacyLoginApp(users);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Requests the app answered to this path, whoever sent them. */
    public int requestsTo(String method, String path) {
        AtomicInteger n = requests.get(method + " " + path);
        return n == null ? 0 : n.get();
    }

    public int loginsSucceeded() {
        return loginsSucceeded.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(method + " " + path, k -> new AtomicInteger())
                    .incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/login") && method.equals("GET")) {
                loginPage(exchange);
            } else if (path.equals("/login") && method.equals("POST")) {
                formLogin(exchange, body);
            } else if (path.equals("/api/login") && method.equals("POST")) {
                jsonLogin(exchange, body);
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (SQLException e) {
            throw new IOException("user table unreadable", e);
        }
    }

    private void loginPage(HttpExchange exchange) throws IOException {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String token = HexFormat.of().formatHex(nonce) + sign(nonce);
        exchange.getResponseHeaders()
                .add("Set-Cookie", "csrftoken=" + token + "; Path=/; SameSite=Lax");
        send(exchange, 200, "text/html; charset=utf-8", form(token, ""));
    }

    private void formLogin(HttpExchange exchange, byte[] body) throws IOException, SQLException {
        Map<String, String> form = formFields(new String(body, StandardCharsets.US_ASCII));
        String token = form.getOrDefault("csrfmiddlewaretoken", "");
        if (!validToken(token) || !token.equals(cookie(exchange, "csrftoken").orElse(""))) {
            send(exchange, 403, "text/html; charset=utf-8", "<h1>CSRF verification failed</h1>\n");
            return;
        }
        Optional<LegacyUserTable.Row> user =
                verified(form.getOrDefault("username", ""), form.getOrDefault("password", ""));
        if (user.isEmpty()) {
            send(
                    exchange,
                    200,
                    "text/html; charset=utf-8",
                    form(
                            token,
                            "<p class=\"error\">Please enter a correct username and password.</p>"));
            return;
        }
        exchange.getResponseHeaders().add("Set-Cookie", session(user.get(), token));
        exchange.getResponseHeaders().add("Location", "/home");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private void jsonLogin(HttpExchange exchange, byte[] body) throws IOException, SQLException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            send(exchange, 400, "application/json", "{\"error\":\"bad json\"}");
            return;
        }
        Optional<LegacyUserTable.Row> user =
                verified(request.path("email").asText(""), request.path("password").asText(""));
        if (user.isEmpty()) {
            send(exchange, 401, "application/json", "{\"error\":\"invalid credentials\"}");
            return;
        }
        LegacyUserTable.Row row = user.get();
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("user")
                .put("id", row.id())
                .put("email", row.email())
                .put("username", row.username())
                .put("first_name", row.firstName());
        exchange.getResponseHeaders().add("Set-Cookie", session(row, "api"));
        send(exchange, 200, "application/json", JSON.writeValueAsString(answer));
    }

    private Optional<LegacyUserTable.Row> verified(String identifier, String password)
            throws SQLException {
        Optional<LegacyUserTable.Row> row;
        try (Connection c = pool.getConnection()) {
            row = users.find(c, identifier);
        }
        if (row.isEmpty()) {
            return Optional.empty();
        }
        boolean matched =
                hashes.verify(
                                StoredDigest.of(row.get().digest()).withFormat(row.get().format()),
                                password)
                        .join()
                        .matched();
        if (matched) {
            loginsSucceeded.incrementAndGet();
        }
        return matched ? row : Optional.empty();
    }

    /** Keyed by the user and the request, so the same request gets the same cookie. */
    private String session(LegacyUserTable.Row user, String requestBinding) {
        return "sessionid="
                + sign((user.id() + ":" + requestBinding).getBytes(StandardCharsets.UTF_8))
                + "; HttpOnly; Path=/; SameSite=Lax";
    }

    private boolean validToken(String token) {
        if (token.length() != 32 + 64) {
            return false;
        }
        try {
            byte[] nonce = HexFormat.of().parseHex(token, 0, 32);
            return MessageDigest.isEqual(
                    sign(nonce).getBytes(StandardCharsets.US_ASCII),
                    token.substring(32).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String sign(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    private static String form(String token, String error) {
        return "<!doctype html><title>Sign in</title>"
                + error
                + "<form method=\"post\" action=\"/login\">"
                + "<input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\""
                + token
                + "\"><input name=\"username\"><input type=\"password\" name=\"password\">"
                + "<button>Sign in</button></form>\n";
    }

    private static Map<String, String> formFields(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static Optional<String> cookie(HttpExchange exchange, String name) {
        String header = exchange.getRequestHeaders().getFirst("Cookie");
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(name + "=")) {
                return Optional.of(p.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static void send(HttpExchange exchange, int status, String type, String text)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
        hashes.close();
    }
}
