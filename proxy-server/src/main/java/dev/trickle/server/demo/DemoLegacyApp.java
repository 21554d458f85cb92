package dev.trickle.server.demo;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.server.netty.AggregatingHttpServer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A legacy web app of the kind Trickle sits in front of: {@code GET/POST /login} (a form with a
 * CSRF cookie and hidden field, redirecting to {@code /account} with a session cookie), {@code POST
 * /api/login} (JSON in, JSON and a session cookie out, 401 on failure) and a page that needs the
 * session. Passwords are checked against bcrypt digests off the event loop.
 */
public final class DemoLegacyApp implements AutoCloseable {
    private final ExecutorService hashing;
    private final AggregatingHttpServer server;
    final DemoUserStore users;
    final Map<String, Long> sessions = new ConcurrentHashMap<>();
    final AtomicLong loginsSucceeded = new AtomicLong();
    final AtomicLong loginsFailed = new AtomicLong();

    private DemoLegacyApp(DemoUserStore users, InetSocketAddress address)
            throws InterruptedException {
        this.users = users;
        this.hashing = Executors.newFixedThreadPool(2, DaemonThreads.named("demo-legacy-hashing"));
        DemoLegacyApp app = this;
        try {
            this.server =
                    AggregatingHttpServer.start(
                            address,
                            "demo legacy app",
                            64 * 1024,
                            () -> new DemoLegacyHandler(app, hashing));
        } catch (RuntimeException | InterruptedException e) {
            hashing.shutdownNow();
            throw e;
        }
    }

    static DemoLegacyApp start(DemoUserStore users, InetSocketAddress address)
            throws InterruptedException {
        return new DemoLegacyApp(users, address);
    }

    InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
        hashing.shutdownNow();
    }
}
