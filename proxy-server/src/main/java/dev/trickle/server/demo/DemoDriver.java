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
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the app's users: each login is a fresh browser (its own cookie jar) that either loads the
 * login form and posts it with the CSRF token, or calls the JSON API; one in ten mistypes the
 * password.
 */
final class DemoDriver {
    private static final Pattern CSRF =
            Pattern.compile("name=\"csrfmiddlewaretoken\" value=\"([0-9a-f]+)\"");

    private final URI base;
    private final List<DemoUser> users;
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    DemoDriver(URI base, List<DemoUser> users) {
        this.base = base;
        this.users = users;
    }

    /** Runs {@code logins} logins on {@code concurrency} threads; returns when all are done. */
    void run(int logins, int concurrency) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Random random = new Random(42);
        for (int i = 0; i < logins; i++) {
            DemoUser user = users.get(random.nextInt(users.size()));
            boolean typo = random.nextInt(10) == 0;
            boolean viaForm = random.nextBoolean();
            pool.execute(() -> login(user, typo, viaForm));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
    }

    private void login(DemoUser user, boolean typo, boolean viaForm) {
        String password = typo ? user.password() + "x" : user.password();
        HttpClient browser =
                HttpClient.newBuilder()
                        .cookieHandler(new CookieManager())
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        try {
            boolean ok =
                    viaForm
                            ? formLogin(browser, user.username(), password)
                            : jsonLogin(browser, user.email(), password);
            (ok ? succeeded : rejected).incrementAndGet();
        } catch (IOException e) {
            errors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        HttpResponse<String> response =
                browser.send(
                        HttpRequest.newBuilder(base.resolve("/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 302;
    }

    private boolean jsonLogin(HttpClient browser, String email, String password)
            throws IOException, InterruptedException {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        HttpResponse<String> response =
                browser.send(
                        HttpRequest.newBuilder(base.resolve("/api/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
