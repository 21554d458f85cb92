package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.SelfSignedPem;
import dev.trickle.server.testing.TestUpstream;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TlsIT {
    @TempDir static Path dir;
    private static SelfSignedPem pem;

    @BeforeAll
    static void certificate() throws Exception {
        pem = SelfSignedPem.create(dir);
    }

    @Test
    void terminatesTlsFromPemFilesAndTellsTheUpstreamTheSchemeWasHttps() throws Exception {
        try (TestUpstream upstream = TestUpstream.start();
                RunningProxy proxy =
                        RunningProxy.start(
                                upstream.url(),
                                "",
                                "tls:\n  certificate: "
                                        + pem.certificate()
                                        + "\n  privateKey: "
                                        + pem.privateKey()
                                        + "\n")) {
            HttpClient client = HttpClient.newBuilder().sslContext(pem.clientContext()).build();
            HttpResponse<String> response =
                    client.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "https://localhost:"
                                                            + proxy.port()
                                                            + "/secure"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(upstream.takeRequest().headers().get("X-Forwarded-Proto"))
                    .isEqualTo("https");
        }
    }

    @Test
    void reachesAnHttpsUpstreamVerifyingItsCertificate() throws Exception {
        var serverTls =
                SslContextBuilder.forServer(pem.certificate().toFile(), pem.privateKey().toFile())
                        .build();
        try (TestUpstream upstream = TestUpstream.startTls(serverTls);
                RunningProxy proxy =
                        RunningProxy.start(
                                URI.create("https://localhost:" + upstream.port()),
                                "trustedCertificates: " + pem.certificate() + "\n",
                                "")) {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(proxy.url("/over-tls")).build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(upstream.takeRequest().uri()).isEqualTo("/over-tls");
        }
    }

    @Test
    void untrustedUpstreamCertificateIsA502() throws Exception {
        var serverTls =
                SslContextBuilder.forServer(pem.certificate().toFile(), pem.privateKey().toFile())
                        .build();
        try (TestUpstream upstream = TestUpstream.startTls(serverTls);
                RunningProxy proxy =
                        RunningProxy.start(URI.create("https://localhost:" + upstream.port()))) {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(proxy.url("/")).build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(upstream.pendingRequests()).isZero();
        }
    }
}
