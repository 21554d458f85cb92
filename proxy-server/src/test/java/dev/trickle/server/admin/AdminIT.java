package dev.trickle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RawHttpConnection;
import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class AdminIT {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void readinessFollowsTheUpstream() throws Exception {
        TestUpstream upstream = TestUpstream.start();
        try (RunningProxy proxy = RunningProxy.start(upstream.url())) {
            assertThat(statusWithin(proxy.adminUrl("/health/ready"), 200)).isEqualTo(200);
            upstream.close();
            assertThat(statusWithin(proxy.adminUrl("/health/ready"), 503)).isEqualTo(503);
            assertThat(get(proxy.adminUrl("/health/ready"), null).body())
                    .contains("not accepting connections");
            assertThat(get(proxy.adminUrl("/health/live"), null).statusCode()).isEqualTo(200);
        } finally {
            upstream.close();
        }
    }

    @Test
    void metricsAreNamedTrickleAndCarryNoPathsOrQueries() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy = RunningProxy.start(upstream.url())) {
            for (int i = 0; i < 3; i++) {
                get(proxy.url("/users/" + i + "/profile?token=secret" + i), null);
            }
            String metrics = get(proxy.adminUrl("/metrics"), null).body();
            assertThat(metrics)
                    .contains("trickle_proxy_requests_seconds_bucket")
                    .contains("trickle_proxy_connections_total")
                    .contains("trickle_proxy_traffic_bytes_total{direction=\"in\"}")
                    .contains("trickle_proxy_traffic_bytes_total{direction=\"out\"}")
                    .contains("trickle_upstream_connections_total")
                    .contains("trickle_upstream_up 1.0")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage")
                    .contains("process_cpu_seconds_total")
                    .contains("process_resident_memory_bytes")
                    .contains("process_open_fds")
                    .contains("process_start_time_seconds")
                    .doesNotContain("/users/")
                    .doesNotContain("secret");
        }
    }

    @Test
    void metricsHaveHelpAFewBucketsPerHistogramBuildInfoAndOpenMetricsWhenAsked() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy = RunningProxy.start(upstream.url())) {
            get(proxy.url("/"), null);
            // The request is counted once its response has been written, just after the client
            // has it: the scrape may come first.
            String text = get(proxy.adminUrl("/metrics"), null).body();
            for (int i = 0;
                    i < 50 && !text.contains("trickle_proxy_requests_seconds_bucket");
                    i++) {
                TimeUnit.MILLISECONDS.sleep(100);
                text = get(proxy.adminUrl("/metrics"), null).body();
            }
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    assertThat(line.split(" ", 4)).as(line).hasSize(4);
                }
            }
            assertThat(
                            text.lines()
                                    .filter(
                                            l ->
                                                    l.startsWith(
                                                            "trickle_proxy_requests_seconds_bucket")))
                    .as("one request's series: 13 bounds and +Inf")
                    .hasSize(14);
            assertThat(text)
                    .containsPattern("trickle_build_info\\{java=\"\\d+\",version=\"[^\"]+\"\\} 1");

            HttpResponse<String> open =
                    client.send(
                            HttpRequest.newBuilder(proxy.adminUrl("/metrics"))
                                    .header(
                                            "Accept",
                                            "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(open.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/openmetrics-text");
            assertThat(open.body())
                    .endsWith("# EOF\n")
                    .contains("# TYPE trickle_proxy_connections counter");
        }
    }

    @Test
    void adminTokenProtectsEverythingButHealthProbes() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy = RunningProxy.start(upstream.url(), "", "")) {
            assertThat(get(proxy.adminUrl("/metrics"), null).statusCode()).isEqualTo(200);
        }
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy = startWithToken(upstream)) {
            assertThat(get(proxy.adminUrl("/metrics"), null).statusCode()).isEqualTo(401);
            assertThat(get(proxy.adminUrl("/metrics"), "wrong").statusCode()).isEqualTo(401);
            assertThat(get(proxy.adminUrl("/metrics"), "s3cret-admin-token-for-tests").statusCode())
                    .isEqualTo(200);
            assertThat(get(proxy.adminUrl("/health/live"), null).statusCode()).isEqualTo(200);
            assertThat(get(proxy.adminUrl("/nope"), "s3cret-admin-token-for-tests").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void basicWithTheTokenAsPasswordOpensTheSameRoutesAsBearer() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy = startWithToken(upstream)) {
            HttpResponse<String> challenge = get(proxy.adminUrl("/metrics"), null);
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.headers().allValues("WWW-Authenticate"))
                    .containsExactly(
                            "Basic realm=\"trickle-admin\", charset=\"UTF-8\"",
                            "Bearer realm=\"trickle-admin\"");
            assertThat(
                            basic(proxy.adminUrl("/metrics"), "anyone:s3cret-admin-token-for-tests")
                                    .statusCode())
                    .isEqualTo(200);
            assertThat(
                            basic(proxy.adminUrl("/metrics"), "s3cret-admin-token-for-tests:")
                                    .statusCode())
                    .isEqualTo(401);
            assertThat(basic(proxy.adminUrl("/metrics"), "anyone:wrong").statusCode())
                    .isEqualTo(401);
            assertThat(basic(proxy.adminUrl("/health/ready"), "anyone:wrong").statusCode())
                    .as("health probes stay public whatever they send")
                    .isIn(200, 503);
        }
    }

    @Test
    void onlyHostsTheOperatorExpectsAreServedSoDnsRebindingCannotReachTheAdminPort()
            throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy =
                        RunningProxy.startWithAdmin(
                                upstream.url(), "  allowedHosts: [trickle-admin.internal]\n")) {
            int port = proxy.adminUrl("/").getPort();
            assertThat(rawStatus(port, "evil.example:" + port)).isEqualTo(421);
            assertThat(rawStatus(port, "trickle-admin.internal:" + port)).isEqualTo(200);
            assertThat(rawStatus(port, "localhost:" + port)).isEqualTo(200);
            assertThat(rawStatus(port, "10.20.30.40:" + port))
                    .as("probes and scrapers that address a pod by IP")
                    .isEqualTo(200);
        }
    }

    private static int rawStatus(int port, String host) throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(port)) {
            raw.send("GET /metrics HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            return raw.readResponse().status();
        }
    }

    private HttpResponse<String> basic(URI uri, String credentials) throws Exception {
        String encoded =
                java.util.Base64.getEncoder()
                        .encodeToString(
                                credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return client.send(
                HttpRequest.newBuilder(uri).header("Authorization", "Basic " + encoded).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RunningProxy startWithToken(TestUpstream upstream) throws InterruptedException {
        return RunningProxy.startWithAdmin(
                upstream.url(), "  token: s3cret-admin-token-for-tests\n");
    }

    private int statusWithin(URI uri, int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status;
        do {
            status = get(uri, null).statusCode();
            if (status == wanted) {
                return status;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        } while (System.nanoTime() < deadline);
        return status;
    }

    private HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
