package dev.trickle.server.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A client with its own cookie jar that does what a person at a login page does: Django's, or any
 * form through {@link #open} and {@link #postForm}.
 */
final class Browser {
    private static final Pattern CSRF =
            Pattern.compile("name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What a login answer looked like, down to what a browser acts on. */
    record Answer(int status, String location, List<String> cookiesSet, String body) {
        static Answer of(HttpResponse<String> response) {
            TreeSet<String> names = new TreeSet<>();
            for (String header : response.headers().allValues("Set-Cookie")) {
                HttpCookie.parse(header).forEach(c -> names.add(c.getName()));
            }
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Location").orElse(""),
                    List.copyOf(names),
                    response.body());
        }

        /** The parts that do not change from one login to the next (no tokens, no dates). */
        List<Object> shape() {
            return List.of(status, location, cookiesSet);
        }
    }

    private final URI base;
    private final HttpClient http;

    Browser(URI base) {
        this(base, new CookieManager());
    }

    /**
     * A browser sharing {@code jar} with others: cookies go by host, not port, so a session made
     * directly at the app is sent through Trickle too (both are 127.0.0.1).
     */
    Browser(URI base, CookieManager jar) {
        this.base = base;
        this.http =
                HttpClient.newBuilder()
                        .cookieHandler(jar)
                        .connectTimeout(TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /** Opens the login page, then submits its form with the CSRF token the page carried. */
    Answer logInWithForm(String username, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(base.resolve("/accounts/login/")));
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token in the login page").isTrue();
        return postLoginForm(token.group(1), username, password);
    }

    /**
     * Opens the login page, then posts its CSRF token with {@code credentials} exactly as given
     * (url-encoded already), for what the form never sends: a field twice.
     */
    Answer logInWithRawCredentials(String credentials) throws IOException, InterruptedException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(base.resolve("/accounts/login/")));
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token in the login page").isTrue();
        return postRawForm(
                "/accounts/login/",
                "csrfmiddlewaretoken=" + encode(token.group(1)) + "&" + credentials + "&next=");
    }

    /** Submits the login form with no CSRF cookie and a made-up token, as a forged post would. */
    Answer logInWithoutOpeningThePage(String username, String password)
            throws IOException, InterruptedException {
        return postLoginForm("x".repeat(64), username, password);
    }

    private Answer postLoginForm(String csrfToken, String username, String password)
            throws IOException, InterruptedException {
        Map<String, String> fields =
                Map.of(
                        "csrfmiddlewaretoken", csrfToken,
                        "username", username,
                        "password", password,
                        "next", "");
        String form =
                fields.entrySet().stream()
                        .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                        .collect(Collectors.joining("&"));
        return Answer.of(
                send(
                        HttpRequest.newBuilder(base.resolve("/accounts/login/"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))));
    }

    /** A GET, as following a link or opening a form; cookies it sets go into the jar. */
    Answer open(String path) throws IOException, InterruptedException {
        return Answer.of(send(HttpRequest.newBuilder(base.resolve(path))));
    }

    /** Submits a form with these fields, in this order, url-encoded as a browser would. */
    Answer postForm(String path, Map<String, String> fields)
            throws IOException, InterruptedException {
        String form =
                fields.entrySet().stream()
                        .map(f -> encode(f.getKey()) + "=" + encode(f.getValue()))
                        .collect(Collectors.joining("&"));
        return Answer.of(
                send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))));
    }

    /**
     * Posts a form body exactly as given, for what a browser's form never sends: a field twice,
     * fields a page does not have.
     */
    Answer postRawForm(String path, String body) throws IOException, InterruptedException {
        return postRawForm(path, body, Map.of());
    }

    Answer postRawForm(String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return Answer.of(send(request));
    }

    /** The value of the hidden input {@code name} in a page (a CSRF token), failing if absent. */
    static String hiddenField(String html, String name) {
        Matcher m =
                Pattern.compile(
                                "<input[^>]*name=\"" + Pattern.quote(name) + "\"[^>]*>",
                                Pattern.CASE_INSENSITIVE)
                        .matcher(html);
        assertThat(m.find()).as("an input named %s in the page", name).isTrue();
        Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(m.group());
        assertThat(value.find()).as("a value for %s", name).isTrue();
        return value.group(1);
    }

    Answer postJson(String path, String json) throws IOException, InterruptedException {
        return Answer.of(
                send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    /** The home page, which says who the session cookie belongs to. */
    String home() throws IOException, InterruptedException {
        HttpResponse<String> home = send(HttpRequest.newBuilder(base.resolve("/")));
        assertThat(home.statusCode()).isEqualTo(200);
        return home.body();
    }

    private HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
