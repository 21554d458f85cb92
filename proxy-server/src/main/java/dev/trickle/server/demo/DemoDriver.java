package dev.trickle.server.demo;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the app's users: each login is a fresh browser (its own cookie jar) that either loads the
 * login form and posts it with the CSRF token, or calls the JSON API.
 */
final class DemoDriver {
    private static final Pattern CSRF =
            Pattern.compile("name=\"csrfmiddlewaretoken\" value=\"([0-9a-f]+)\"");
    private static final Duration PHASE_LIMIT = Duration.ofMinutes(5);

    private final URI base;
    private final Set<Long> loggedIn = ConcurrentHashMap.newKeySet();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    DemoDriver(URI base) {
        this.base = base;
    }

    /**
     * Runs the phase's logins, as many at a time as it says, all released together so that
     * concurrent logins really overlap; returns when all are done.
     */
    void run(DemoScenario.Phase phase) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(phase.concurrency());
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (DemoScenario.Login login : phase.logins()) {
                pool.execute(
                        () -> {
                            try {
                                start.await();
                                login(login);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
            }
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(PHASE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("logins still running after " + PHASE_LIMIT);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Distinct users who logged in successfully at least once. */
    int usersLoggedIn() {
        return loggedIn.size();
    }

    private void login(DemoScenario.Login login) throws InterruptedException {
        HttpClient browser =
                HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        DemoUser user = login.user();
        try {
            boolean ok =
                    login.viaForm()
                            ? formLogin(browser, user.username(), login.password())
                            : jsonLogin(browser, user.email(), login.password());
            if (ok) {
                loggedIn.add(user.id());
                succeeded.incrementAndGet();
            } else {
                rejected.incrementAndGet();
            }
        } catch (IOException e) {
            errors.incrementAndGet();
        }
    }

    private boolean formLogin(HttpClient browser, String username, String password)
            throws IOException, InterruptedException {
        String page =
                browser.send(
                                HttpRequest.newBuilder(base.resolve("/login")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new IOException("login form without a CSRF token");
        }
        String form =
                "csrfmiddlewaretoken="
                        + m.group(1)
                        + "&username="
                        + encode(username)
                        + "&password="
                        + encode(password);
        return post(browser, "/login", "application/x-www-form-urlencoded", form) == 302;
    }

    private boolean jsonLogin(HttpClient browser, String email, String password)
            throws IOException, InterruptedException {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        return post(browser, "/api/login", "application/json", body) == 200;
    }

    /** POSTs {@code body} to the app at {@code path} as {@code browser}; the status code. */
    private int post(HttpClient browser, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return browser.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
