package dev.trickle.server.testing;

import io.netty.handler.codec.http.HttpHeaders;

/** What the test upstream received: the head as decoded, and the body's size and digest. */
public record RecordedRequest(
        String method,
        String uri,
        String version,
        HttpHeaders headers,
        HttpHeaders trailers,
        long bodyBytes,
        String bodySha256) {}
