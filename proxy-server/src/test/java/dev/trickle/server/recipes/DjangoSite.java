package dev.trickle.server.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Django site (Debian's Django on gunicorn) with its own PostgreSQL database and a read-only
 * role, the way a Trickle operator meets one: stock {@code django.contrib.auth} at {@code
 * /accounts/login/}, a JSON login at {@code /api/login}, users created by Django itself. Everything
 * it makes (processes, database, role) it removes on {@link #close()}.
 */
final class DjangoSite implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern LISTENING =
            Pattern.compile("Listening at: http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user to create; {@code hasher} is a Django hasher name or {@code default}. */
    record UserSpec(
            String username,
            String email,
            String firstName,
            String lastName,
            String password,
            String hasher,
            boolean active) {}

    /** A user Django created: its primary key is the legacy id Clerk must get. */
    record DjangoUser(UserSpec spec, String id, String digestPrefix, Instant dateJoined) {}

    private final Path dir;
    private final String database;
    private final String readerRole;
    private final List<DjangoUser> users = new ArrayList<>();
    private Process gunicorn;
    private URI baseUri;

    private DjangoSite(Path dir, String suffix) {
        this.dir = dir;
        this.database = "trickle_django_" + suffix;
        this.readerRole = "trickle_reader_" + suffix;
    }

    /** Fails, naming the script that installs them, when Debian's Django packages are missing. */
    static void requireTools() {
        String missing =
                "Debian's Django stack is missing (python3-django, python3-psycopg2, python3-argon2,"
                        + " python3-bcrypt, python3-gunicorn for "
                        + PYTHON
                        + "): run .ci/services.sh, which installs it";
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(missing);
        }
        try {
            Path output = Files.createTempFile("trickle-django-check", ".log");
            try {
                Process check =
                        new ProcessBuilder(
                                        PYTHON,
                                        "-c",
                                        "import django, psycopg2, argon2, bcrypt, gunicorn")
                                .redirectErrorStream(true)
                                .redirectOutput(output.toFile())
                                .start();
                boolean done = check.waitFor(30, TimeUnit.SECONDS);
                if (!done) {
                    check.destroyForcibly();
                }
                if (!done || check.exitValue() != 0) {
                    throw new AssertionError(missing + "\n" + Files.readString(output));
                }
            } finally {
                Files.delete(output);
            }
        } catch (IOException e) {
            throw new AssertionError(missing, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(missing, e);
        }
    }

    /** Creates the database, migrates it, creates {@code specs} and starts gunicorn. */
    static DjangoSite start(Path dir, List<UserSpec> specs) throws Exception {
        requireTools();
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        DjangoSite site = new DjangoSite(dir, HexFormat.of().formatHex(random));
        try {
            site.copyProject();
            site.createDatabase();
            site.runToEnd("", "manage.py", "migrate", "--noinput", "-v", "0");
            site.grantReader();
            site.createUsers(specs);
            site.startServer();
            return site;
        } catch (Exception | AssertionError e) {
            site.close();
            throw e;
        }
    }

    URI baseUri() {
        return baseUri;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    /** A role that may read {@code auth_user} and nothing else, as the recipe asks for. */
    String readerRole() {
        return readerRole;
    }

    List<DjangoUser> users() {
        return List.copyOf(users);
    }

    DjangoUser user(String username) {
        return users.stream()
                .filter(u -> u.spec().username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    private void copyProject() throws IOException, URISyntaxException {
        Path source = Path.of(DjangoSite.class.getResource("/recipes/django-site").toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(source.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private void createDatabase() throws SQLException {
        admin("CREATE DATABASE " + database);
    }

    private void grantReader() throws SQLException {
        admin("CREATE ROLE " + readerRole + " LOGIN");
        admin("GRANT CONNECT ON DATABASE " + database + " TO " + readerRole);
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("GRANT SELECT ON auth_user TO " + readerRole);
        }
    }

    private void createUsers(List<UserSpec> specs) throws IOException, InterruptedException {
        ArrayNode input = JSON.createArrayNode();
        for (UserSpec spec : specs) {
            input.addObject()
                    .put("username", spec.username())
                    .put("email", spec.email())
                    .put("firstName", spec.firstName())
                    .put("lastName", spec.lastName())
                    .put("password", spec.password())
                    .put("hasher", spec.hasher())
                    .put("active", spec.active());
        }
        JsonNode created =
                JSON.readTree(runToEnd(JSON.writeValueAsString(input), "create_users.py"));
        for (int i = 0; i < specs.size(); i++) {
            JsonNode user = created.get(i);
            users.add(
                    new DjangoUser(
                            specs.get(i),
                            user.get("id").asText(),
                            user.get("digestPrefix").asText(),
                            OffsetDateTime.parse(user.get("dateJoined").asText()).toInstant()));
        }
    }

    private void startServer() throws IOException, InterruptedException {
        Path log = dir.resolve("gunicorn.log");
        gunicorn =
                python(
                                "-m",
                                "gunicorn",
                                "--bind",
                                "127.0.0.1:0",
                                "--workers",
                                "1",
                                "--threads",
                                "4",
                                "--graceful-timeout",
                                "2",
                                "--access-logfile",
                                "-",
                                "site_app.wsgi:application")
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (baseUri == null) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                baseUri = URI.create("http://127.0.0.1:" + m.group(1));
            } else if (!gunicorn.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("gunicorn did not start:\n" + Files.readString(log));
            } else {
                Thread.sleep(50);
            }
        }
        awaitHomePage(log, deadline);
    }

    /** The worker loads Django after the master binds: wait until it really answers. */
    private void awaitHomePage(Path log, long deadline) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (true) {
            try {
                HttpResponse<String> home =
                        http.send(
                                HttpRequest.newBuilder(baseUri.resolve("/"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (home.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not answering yet: try again until the deadline.
            }
            if (!gunicorn.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Django did not answer:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    /** Runs a Python script of the project to completion; returns its standard output. */
    private String runToEnd(String stdin, String... command)
            throws IOException, InterruptedException {
        Path input = Files.writeString(Files.createTempFile(dir, "stdin", ".json"), stdin);
        Path output = Files.createTempFile(dir, "stdout", ".log");
        Path errors = Files.createTempFile(dir, "stderr", ".log");
        Process p =
                python(command)
                        .redirectInput(input.toFile())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
        if (!p.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command[0] + " did not finish in " + STEP_TIMEOUT);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " failed:\n" + Files.readString(errors));
        }
        return Files.readString(output);
    }

    private ProcessBuilder python(String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.remove("PYTHONHOME");
        env.remove("PYTHONPATH");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("DJANGO_SETTINGS_MODULE", "site_app.settings");
        env.put("DJANGO_DB_NAME", database);
        return builder;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        if (gunicorn != null) {
            stopServer();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        admin("DROP ROLE IF EXISTS " + readerRole);
    }

    private void stopServer() {
        List<ProcessHandle> workers = gunicorn.descendants().toList();
        gunicorn.destroy();
        try {
            if (!gunicorn.waitFor(10, TimeUnit.SECONDS)) {
                gunicorn.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            gunicorn.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // gunicorn stops its workers itself; these only matter when the master was killed.
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
