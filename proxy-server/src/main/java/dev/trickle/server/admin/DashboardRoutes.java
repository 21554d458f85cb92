package dev.trickle.server.admin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The status dashboard: {@code /} and the script, style sheet and icon it loads, all from the jar,
 * since the proxy often has no way out to a CDN. The page renders {@code /status} and {@code
 * /status/history} in the browser. Its content security policy allows only same-origin files, so
 * neither an injected inline script nor a call to another host runs, and it may not be framed.
 */
public final class DashboardRoutes {
    /** What the page may load: its own files and the admin port's JSON, nothing inline. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; base-uri 'none'; form-action 'none';"
                    + " frame-ancestors 'none'";

    private static final String RESOURCES = "dashboard/";

    private DashboardRoutes() {}

    public static List<AdminRoute> of() {
        return List.of(
                new StaticRoute("/", "index.html", "text/html; charset=utf-8"),
                new StaticRoute("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
                new StaticRoute("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
                new StaticRoute("/favicon.svg", "favicon.svg", "image/svg+xml"));
    }

    /** One file read from the jar once, at start-up, so serving it does no I/O. */
    private static final class StaticRoute implements AdminRoute {
        private final String path;
        private final String contentType;
        private final String body;

        StaticRoute(String path, String resource, String contentType) {
            this.path = path;
            this.contentType = contentType;
            this.body = read(resource);
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public FullHttpResponse handle(FullHttpRequest request) {
            if (!HttpMethod.GET.equals(request.method())
                    && !HttpMethod.HEAD.equals(request.method())) {
                FullHttpResponse refused =
                        AdminResponses.text(
                                HttpResponseStatus.METHOD_NOT_ALLOWED,
                                "method: " + request.method() + " (expected: GET or HEAD)\n");
                refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                return refused;
            }
            FullHttpResponse response = AdminResponses.of(HttpResponseStatus.OK, contentType, body);
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                    .set("X-Content-Type-Options", "nosniff")
                    .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                    .set("Referrer-Policy", "no-referrer");
            return response;
        }

        private static String read(String resource) {
            try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing from the jar: " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
