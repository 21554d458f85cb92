package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every health path the deploy kit probes (the image's HEALTHCHECK, the Kubernetes liveness,
 * readiness and startup probes) is a real admin route that answers without the admin token, and
 * liveness stays up while the legacy app is down, so no orchestrator restarts Trickle for it.
 */
final class ProbePathsIT {
    private static final String TOKEN = "probe-paths-admin-token-for-tests";
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void everyProbedPathAnswersWithoutTheTokenAndLivenessIgnoresTheUpstream() throws Exception {
        Set<String> liveness = new TreeSet<>();
        Set<String> readiness = new TreeSet<>();
        Matcher healthcheck =
                Pattern.compile("http://127\\.0\\.0\\.1:\\d+(/\\S*?)\"")
                        .matcher(ImageEnvironment.runtime().last("HEALTHCHECK").arguments());
        assertThat(healthcheck.find()).isTrue();
        liveness.add(healthcheck.group(1));
        for (String variant : List.of("single-sqlite", "multi-postgres")) {
            JsonNode container =
                    KubernetesManifestsTest.container(KubernetesManifestsTest.variant(variant));
            liveness.add(container.path("livenessProbe").path("httpGet").path("path").asText());
            liveness.add(container.path("startupProbe").path("httpGet").path("path").asText());
            readiness.add(container.path("readinessProbe").path("httpGet").path("path").asText());
        }
        assertThat(liveness).isNotEmpty().doesNotContainAnyElementsOf(readiness);

        TestUpstream upstream = TestUpstream.start();
        try (RunningProxy proxy =
                RunningProxy.startWithAdmin(upstream.url(), "  token: " + TOKEN + "\n")) {
            assertThat(status(proxy.adminUrl("/metrics")))
                    .as("the token is enforced")
                    .isEqualTo(401);
            for (String path : liveness) {
                assertThat(status(proxy.adminUrl(path))).as(path).isEqualTo(200);
            }
            for (String path : readiness) {
                assertThat(statusWithin(proxy.adminUrl(path), 200)).as(path).isEqualTo(200);
            }

            upstream.close();
            for (String path : readiness) {
                assertThat(statusWithin(proxy.adminUrl(path), 503)).as(path).isEqualTo(503);
            }
            for (String path : liveness) {
                assertThat(status(proxy.adminUrl(path)))
                        .as(path + " with the upstream down")
                        .isEqualTo(200);
            }
        } finally {
            upstream.close();
        }
    }

    private int status(URI uri) throws Exception {
        return client.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Readiness is probed every 2 s: the answer may take a probe to change. */
    private int statusWithin(URI uri, int wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = status(uri);
        while (status != wanted && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = status(uri);
        }
        return status;
    }
}
