package dev.trickle.server.proxy.login;

import dev.trickle.server.netty.AggregatingHttpServer;
import java.net.InetSocketAddress;

/**
 * A legacy app whose own login costs next to nothing, so that a benchmark through Trickle measures
 * Trickle: user {@code uN} (email {@code uN@bench.test}) has the password {@code pw-N-bench} for
 * every N, checked by string comparison on the event loop; no database, no password hashing.
 *
 * <ul>
 *   <li>{@code POST /api/login} and {@code POST /unrouted/api/login}: JSON {@code {"email",
 *       "password"}} in; 200 with {@code {"user": {"id", "email", "username"}}} or 401.
 *   <li>{@code POST /login} and {@code POST /unrouted/login}: form {@code username, password}; 302
 *       to {@code /account} with a session cookie, or 200 with the form again.
 * </ul>
 *
 * The {@code /unrouted} twins answer the same bytes: the benchmark configures login routes only on
 * the first path of each pair, so the twin is the same request through Trickle's pass-through.
 */
final class BenchLegacyApp implements AutoCloseable {
    private final AggregatingHttpServer server;

    private BenchLegacyApp(InetSocketAddress address) throws InterruptedException {
        server =
                AggregatingHttpServer.start(
                        address, "benchmark legacy app", 64 * 1024, BenchLegacyHandler::new);
    }

    static BenchLegacyApp start(InetSocketAddress address) throws InterruptedException {
        return new BenchLegacyApp(address);
    }

    InetSocketAddress address() {
        return server.address();
    }

    static String password(long id) {
        return "pw-" + id + "-bench";
    }

    @Override
    public void close() {
        server.close();
    }
}
