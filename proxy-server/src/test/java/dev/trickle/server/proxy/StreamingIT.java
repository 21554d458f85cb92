package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.testing.RawHttpConnection;
import dev.trickle.server.testing.RecordedRequest;
import dev.trickle.server.testing.RunningProxy;
import dev.trickle.server.testing.TestUpstream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies larger than this JVM's heap (failsafe runs it with -Xmx256m) pass through, which they
 * could not if the proxy buffered them; and a client that stops reading stalls the upstream.
 */
final class StreamingIT {
    private static final long LARGER_THAN_HEAP =
            Runtime.getRuntime().maxMemory() + 64L * 1024 * 1024;

    private TestUpstream upstream;
    private RunningProxy proxy;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        upstream = TestUpstream.start();
        proxy = RunningProxy.start(upstream.url());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @Test
    void uploadLargerThanTheHeapStreamsThrough() throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpResponse<String> response =
                client.send(
                        HttpRequest.newBuilder(proxy.url("/upload"))
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new PatternStream(LARGER_THAN_HEAP, sent)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest seen = upstream.takeRequest();
        assertThat(seen.bodyBytes()).isEqualTo(LARGER_THAN_HEAP);
        assertThat(seen.bodySha256()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
    }

    @Test
    void downloadLargerThanTheHeapStreamsThrough() throws Exception {
        HttpResponse<InputStream> response =
                client.send(
                        HttpRequest.newBuilder(proxy.url("/download?bytes=" + LARGER_THAN_HEAP))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
            }
        }
        assertThat(response.headers().firstValueAsLong("content-length"))
                .hasValue(LARGER_THAN_HEAP);
        assertThat(total).isEqualTo(LARGER_THAN_HEAP);
    }

    @Test
    void chunkedDownloadLargerThanTheHeapStreamsThrough() throws Exception {
        HttpResponse<InputStream> response =
                client.send(
                        HttpRequest.newBuilder(
                                        proxy.url(
                                                "/download?chunked=true&bytes=" + LARGER_THAN_HEAP))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[256 * 1024];
            int n;
            while ((n = body.read(buffer)) != -1) {
                total += n;
            }
        }
        assertThat(total).isEqualTo(LARGER_THAN_HEAP);
    }

    @Test
    void clientThatStopsReadingStallsTheUpstreamInsteadOfFillingTheProxy() throws Exception {
        long size = 1024L * 1024 * 1024;
        try (RawHttpConnection raw = new RawHttpConnection(proxy.port())) {
            raw.send("GET /download?bytes=" + size + " HTTP/1.1\r\nHost: a\r\n\r\n");
            // Socket buffers on three hops plus the proxy's write watermarks hold a few MiB at
            // most.
            long previous = -1;
            long written = upstream.downloadBytesWritten();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (written != previous && System.nanoTime() < deadline) {
                previous = written;
                TimeUnit.MILLISECONDS.sleep(500);
                written = upstream.downloadBytesWritten();
            }
            assertThat(written).isEqualTo(previous).isLessThan(64L * 1024 * 1024);
        }
    }

    /** A deterministic body generated on the fly, hashed as it is read. */
    private static final class PatternStream extends InputStream {
        private final MessageDigest digest;
        private long remaining;
        private int counter;

        PatternStream(long size, MessageDigest digest) {
            this.remaining = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (counter++ * 31);
            }
            digest.update(b, off, n);
            remaining -= n;
            return n;
        }
    }
}
