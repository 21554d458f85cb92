package dev.trickle.core.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.ratelimit.BoundedPool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream strategy, with a real "current user" endpoint on loopback. */
final class UpstreamVerifierTest {
    private static final BoundedPool LOOKUPS =
            BoundedPool.start("lookup", 1, 8, Ticker.systemTicker(), new SimpleMeterRegistry());

    @AfterAll
    static void closePool() {
        LOOKUPS.close();
    }

    private static final SuccessRules REDIRECT_WITH_SESSION =
            new SuccessRules(
                    Set.of(302),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("sessionid"),
                    Optional.empty(),
                    Optional.empty());
    private static final JsonIdentityPointers ME =
            new JsonIdentityPointers(
                    JsonPointer.compile("/id"),
                    Optional.of(JsonPointer.compile("/email")),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());

    private HttpServer legacy;

    @BeforeEach
    void start() throws Exception {
        legacy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        legacy.createContext(
                "/api/me",
                exchange -> {
                    String cookie = exchange.getRequestHeaders().getFirst("Cookie");
                    boolean authenticated =
                            cookie != null
                                    && cookie.contains("sessionid=s3ss")
                                    && cookie.contains("device=d1");
                    byte[] body =
                            (authenticated ? "{\"id\":7,\"email\":\"ada@example.com\"}" : "{}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(authenticated ? 200 : 401, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        legacy.start();
    }

    @AfterEach
    void stop() {
        legacy.stop(0);
    }

    private UpstreamVerifier verifier(IdentitySource source) {
        return new UpstreamVerifier(
                REDIRECT_WITH_SESSION,
                source,
                LOOKUPS,
                HttpClient.newHttpClient(),
                Duration.ofSeconds(2));
    }

    @Test
    void currentUserIsAskedWithTheNewSessionCookieAndTheClientsOwnCookies() throws Exception {
        URI me = URI.create("http://127.0.0.1:" + legacy.getAddress().getPort() + "/api/me");
        LegacyVerification result =
                verifier(new IdentitySource.CurrentUserUrl(me, ME))
                        .verify(
                                new Credentials("ada", "pw"),
                                HttpFields.of(
                                        List.of(Map.entry("Cookie", "device=d1; csrftoken=x"))),
                                response(302, "sessionid=s3ss; HttpOnly; Path=/", ""))
                        .get(5, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(LegacyVerification.Verified.class);
        LegacyIdentity identity = ((LegacyVerification.Verified) result).identity();
        assertThat(identity.legacyId()).isEqualTo("7");
        assertThat(identity.email()).hasValue("ada@example.com");
    }

    @Test
    void refusedLoginIsRejectedWithoutAnyLookup() throws Exception {
        URI me = URI.create("http://127.0.0.1:" + legacy.getAddress().getPort() + "/api/me");
        assertThat(
                        verifier(new IdentitySource.CurrentUserUrl(me, ME))
                                .verify(
                                        new Credentials("ada", "pw"),
                                        HttpFields.of(List.of()),
                                        response(200, null, "<form>"))
                                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(LegacyVerification.Rejected.class);
    }

    @Test
    void identityFromTheResponseBodyAndMissingIdIsUnavailable() throws Exception {
        UpstreamVerifier verifier =
                new UpstreamVerifier(
                        new SuccessRules(
                                Set.of(200),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        new IdentitySource.ResponseJson(ME),
                        LOOKUPS,
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(2));
        assertThat(
                        verifier.verify(
                                        new Credentials("ada", "pw"),
                                        HttpFields.of(List.of()),
                                        response(200, null, "{\"id\":\"u-1\"}"))
                                .get(5, TimeUnit.SECONDS))
                .isEqualTo(new LegacyVerification.Verified(LegacyIdentity.of("u-1")));
        assertThat(
                        verifier.verify(
                                        new Credentials("ada", "pw"),
                                        HttpFields.of(List.of()),
                                        response(200, null, "{\"ok\":true}"))
                                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(LegacyVerification.Unavailable.class);
    }

    @Test
    void currentUserEndpointDownMakesTheIdentityUnavailable() throws Exception {
        URI me = URI.create("http://127.0.0.1:" + legacy.getAddress().getPort() + "/api/me");
        legacy.stop(0);
        assertThat(
                        verifier(new IdentitySource.CurrentUserUrl(me, ME))
                                .verify(
                                        new Credentials("ada", "pw"),
                                        HttpFields.of(List.of()),
                                        response(302, "sessionid=s3ss", ""))
                                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(LegacyVerification.Unavailable.class);
    }

    private static LegacyResponse response(int status, String setCookie, String body) {
        return new LegacyResponse(
                status,
                HttpFields.of(
                        setCookie == null
                                ? List.of()
                                : List.of(Map.entry("Set-Cookie", setCookie))),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
