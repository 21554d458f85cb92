package dev.trickle.server.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loopback HTTP server that records every request it gets, byte for byte, and answers each with
 * whatever {@code answers} returns for it. For contract tests of HTTP clients.
 */
final class RequestCaptureServer implements AutoCloseable {

    /** A request as received. {@code rawQuery} is still percent-encoded. */
    record Captured(
            String method,
            String path,
            String rawQuery,
            Map<String, List<String>> headers,
            String body) {}

    /** Status and JSON body to answer with. */
    record Answer(int status, String json) {}

    private final HttpServer server;
    private final List<Captured> captured = new ArrayList<>();

    RequestCaptureServer(Function<Captured, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> handle(exchange, answers));
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized List<Captured> captured() {
        return List.copyOf(captured);
    }

    private void handle(HttpExchange exchange, Function<Captured, Answer> answers)
            throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            Captured request =
                    new Captured(
                            exchange.getRequestMethod(),
                            uri.getRawPath(),
                            uri.getRawQuery(),
                            Map.copyOf(exchange.getRequestHeaders()),
                            body);
            synchronized (this) {
                captured.add(request);
            }
            Answer answer = answers.apply(request);
            byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
