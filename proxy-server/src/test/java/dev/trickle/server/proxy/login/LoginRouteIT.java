package dev.trickle.server.proxy.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRouteTable;
import dev.trickle.core.login.LoginRoutes;
import dev.trickle.server.testing.RawHttpConnection;
import dev.trickle.server.testing.RawHttpConnection.RawResponse;
import dev.trickle.server.testing.RecordedRequest;
import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class LoginRouteIT {
    private static final String FORM =
            "csrfmiddlewaretoken=t0k&username=ada&password=p%C3%A4ss+word";

    private TestUpstream upstream;
    private RunningProxy proxy;
    private RecordingLoginRoute route;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.start();
        route = new RecordingLoginRoute(1024, Duration.ofSeconds(5));
        proxy = startWith(route);
    }

    private RunningProxy startWith(RecordingLoginRoute r) throws InterruptedException {
        LoginRoutes routes =
                new LoginRouteTable(
                        List.of(new LoginRouteTable.Entry("POST", "/login", false, List.of(), r)));
        return RunningProxy.startWithLogins(upstream.url(), routes);
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void loginBodyReachesTheRouteAndTheUpstreamByteForByte() throws Exception {
        HttpResponse<String> response = postForm("/login", FORM);

        assertThat(response.statusCode()).isEqualTo(200);
        LoginAttempt attempt = route.beforeForward.poll(5, TimeUnit.SECONDS);
        assertThat(new String(attempt.body(), StandardCharsets.UTF_8)).isEqualTo(FORM);
        assertThat(attempt.path()).isEqualTo("/login");
        assertThat(attempt.toString()).doesNotContain("p%C3%A4ss");
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.bodySha256()).isEqualTo(sha256(FORM));
        assertThat(seen.headers().get("Content-Type"))
                .isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void heldResponseIsReturnedUnchangedOnceTheRouteIsDone() throws Exception {
        HttpResponse<String> direct =
                client.send(
                        HttpRequest.newBuilder(upstream.url().resolve("/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(FORM))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        upstream.takeRequest();
        route.nextAfterResponse = new CompletableFuture<>();

        CompletableFuture<HttpResponse<String>> viaProxy =
                client.sendAsync(
                        HttpRequest.newBuilder(proxy.url("/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(FORM))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        LegacyResponse inspected = route.afterResponse.poll(5, TimeUnit.SECONDS);
        assertThat(inspected.status()).isEqualTo(200);
        assertThat(inspected.headers().all("Set-Cookie"))
                .containsExactly("a=1; Path=/", "b=2; HttpOnly");
        assertThat(viaProxy).isNotDone();

        route.nextAfterResponse.complete(null);
        HttpResponse<String> response = viaProxy.get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(direct.statusCode());
        assertThat(response.body()).isEqualTo(direct.body());
        assertThat(response.headers().allValues("set-cookie"))
                .isEqualTo(direct.headers().allValues("set-cookie"));
        assertThat(new String(inspected.body(), StandardCharsets.UTF_8)).isEqualTo(direct.body());
    }

    @Test
    void aRouteThatNeverAnswersHoldsTheLoginOnlyUntilItsLimit() throws Exception {
        proxy.close();
        route = new RecordingLoginRoute(1024, Duration.ofMillis(200));
        route.nextAfterResponse = new CompletableFuture<>();
        proxy = startWith(route);
        HttpResponse<String> response = postForm("/login", FORM);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(route.afterResponse).hasSize(1);
    }

    @Test
    void bodyOverTheRouteLimitIs413AndNeverReachesTheUpstream() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(413);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            String chunk = "x".repeat(600);
            raw.send(
                    "POST /login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "258\r\n"
                            + chunk
                            + "\r\n258\r\n"
                            + chunk
                            + "\r\n0\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(413);
        }
        assertThat(upstream.pendingRequests()).isZero();
        assertThat(route.beforeForward).isEmpty();
    }

    @Test
    void aLoginWithAMalformedChunkedBodyIs400AndTheRouteNeverSeesATruncatedBody() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "POST /login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                            + "c\r\nusername=ada\r\nzz\r\n&password=guess\r\n0\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(400);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
        assertThat(route.beforeForward).isEmpty();
        assertThat(upstream.pendingRequests()).isZero();
    }

    @Test
    void aLoginSmuggledInTheBodyOfARefusedRequestIsNeitherCheckedNorForwarded() throws Exception {
        String login =
                "POST /login HTTP/1.1\r\nHost: a\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: "
                        + FORM.length()
                        + "\r\n\r\n"
                        + FORM;
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "POST /comment HTTP/1.1\r\nHost: a\r\nConnection: Content-Length\r\n"
                            + "Content-Length: "
                            + login.length()
                            + "\r\n\r\n"
                            + login
                            + login);
            assertThat(raw.readResponse().status()).isEqualTo(400);
            assertThat(raw.isClosedByPeer(2000)).isTrue();
        }
        assertThat(route.beforeForward).isEmpty();
        assertThat(upstream.pendingRequests()).isZero();
    }

    @Test
    void expectContinueOnALoginIsAnsweredByTheProxy() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "POST /login HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: "
                            + FORM.length()
                            + "\r\nExpect: 100-continue\r\n\r\n");
            assertThat(raw.readResponse().status()).isEqualTo(100);
            raw.send(FORM);
            assertThat(raw.readResponse().status()).isEqualTo(200);
        }
        assertThat(upstream.takeRequest().headers().contains("Expect")).isFalse();
    }

    @Test
    void pipelinedRequestsAroundALoginKeepTheirOrderAndOnlyTheLoginIsInspected() throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send(
                    "GET /before HTTP/1.1\r\nHost: a\r\n\r\n"
                            + "POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: "
                            + FORM.length()
                            + "\r\n\r\n"
                            + FORM
                            + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse first = raw.readResponse();
            RawResponse second = raw.readResponse();
            RawResponse third = raw.readResponse();
            assertThat(first.bodyText()).contains("\"method\":\"GET\"");
            assertThat(second.bodyText())
                    .contains("\"method\":\"POST\"", "\"bodyBytes\":" + FORM.length());
            assertThat(third.bodyText()).contains("\"method\":\"GET\"");
        }
        assertThat(route.afterResponse).hasSize(1);
        assertThat(upstream.takeRequest().uri()).isEqualTo("/before");
        assertThat(upstream.takeRequest().uri()).isEqualTo("/login");
        assertThat(upstream.takeRequest().uri()).isEqualTo("/after");
    }

    @Test
    void otherPathsPassThroughAndLoginsAreCountedUnderTheirRoute() throws Exception {
        assertThat(postForm("/not-login", FORM).statusCode()).isEqualTo(200);
        assertThat(route.beforeForward).isEmpty();
        postForm("/login", FORM);
        String metrics =
                client.send(
                                HttpRequest.newBuilder(proxy.adminUrl("/metrics")).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        assertThat(metrics)
                .contains(
                        "trickle_proxy_requests_seconds_count{method=\"POST\",route=\"login\",status=\"2xx\"} 1")
                .contains(
                        "trickle_proxy_requests_seconds_count{method=\"POST\",route=\"passthrough\",status=\"2xx\"} 1");
    }

    private HttpResponse<String> postForm(String path, String form) throws Exception {
        return client.send(
                HttpRequest.newBuilder(proxy.url(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance("SHA-256")
                                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
