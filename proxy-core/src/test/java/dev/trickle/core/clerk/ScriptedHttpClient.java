package dev.trickle.core.clerk;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An in-memory {@link HttpClient} for unit tests: answers each request with the next scripted
 * response (or exception), at once, and records what the client sent.
 */
final class ScriptedHttpClient extends HttpClient {

    /** A request as the client sent it, body included. */
    record Sent(String method, URI uri, HttpHeaders headers, String body, Duration timeout) {}

    private final Deque<Supplier<CompletableFuture<HttpResponse<byte[]>>>> script =
            new ArrayDeque<>();
    private final List<Sent> sent = new ArrayList<>();

    ScriptedHttpClient answer(int status, String json) {
        return answer(status, json, Map.of());
    }

    ScriptedHttpClient answer(int status, String json, Map<String, String> headers) {
        script.add(() -> CompletableFuture.completedFuture(response(status, json, headers)));
        return this;
    }

    ScriptedHttpClient fail(IOException failure) {
        script.add(() -> CompletableFuture.failedFuture(failure));
        return this;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    Sent last() {
        List<Sent> all = sent();
        return all.get(all.size() - 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        sent.add(
                new Sent(
                        request.method(),
                        request.uri(),
                        request.headers(),
                        body(request),
                        request.timeout().orElse(null)));
        if (script.isEmpty()) {
            throw new AssertionError(
                    "no scripted answer for " + request.method() + " " + request.uri());
        }
        return (CompletableFuture<HttpResponse<T>>) (CompletableFuture<?>) script.poll().get();
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        throw new AssertionError("the Clerk client must not block");
    }

    private static String body(HttpRequest request) {
        if (request.bodyPublisher().isEmpty()
                || request.bodyPublisher().get().contentLength() == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        request.bodyPublisher()
                .get()
                .subscribe(
                        new Flow.Subscriber<ByteBuffer>() {
                            @Override
                            public void onSubscribe(Flow.Subscription subscription) {
                                subscription.request(Long.MAX_VALUE);
                            }

                            @Override
                            public void onNext(ByteBuffer item) {
                                text.append(StandardCharsets.UTF_8.decode(item));
                            }

                            @Override
                            public void onError(Throwable throwable) {
                                throw new AssertionError(throwable);
                            }

                            @Override
                            public void onComplete() {}
                        });
        return text.toString();
    }

    private static HttpResponse<byte[]> response(
            int status, String json, Map<String, String> headers) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        HttpHeaders httpHeaders =
                HttpHeaders.of(
                        headers.entrySet().stream()
                                .collect(
                                        java.util.stream.Collectors.toMap(
                                                Map.Entry::getKey, e -> List.of(e.getValue()))),
                        (k, v) -> true);
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return httpHeaders;
            }

            @Override
            public byte[] body() {
                return body;
            }

            @Override
            public Optional<javax.net.ssl.SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public URI uri() {
                throw new UnsupportedOperationException();
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.empty();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SSLParameters sslParameters() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }
}
