package dev.trickle.server.admin;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.server.config.AdminConfig;
import dev.trickle.server.netty.AggregatingHttpServer;
import dev.trickle.server.netty.Transport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener on its own port and thread, so probes and scrapes answer even while the
 * proxy's event loops are saturated.
 */
public final class AdminServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** Changes waiting for the blocking thread; beyond it a change is refused with a 503. */
    private static final int MAX_QUEUED_BLOCKING = 16;

    private final AggregatingHttpServer server;
    private final ExecutorService blocking;

    private AdminServer(AggregatingHttpServer server, ExecutorService blocking) {
        this.server = server;
        this.blocking = blocking;
    }

    /**
     * @param extraRoutes endpoints contributed by other parts of the product (status, mode)
     */
    public static AdminServer start(
            AdminConfig config,
            Transport transport,
            PrometheusMeterRegistry registry,
            List<ReadinessCheck> readiness,
            List<AdminRoute> extraRoutes)
            throws InterruptedException {
        List<AdminRoute> all = new ArrayList<>();
        all.add(HealthRoutes.live());
        all.add(HealthRoutes.ready(List.copyOf(readiness)));
        all.add(MetricsRoute.of(registry));
        all.addAll(extraRoutes);
        Map<String, AdminRoute> routes = new LinkedHashMap<>();
        for (AdminRoute route : all) {
            routes.put(route.path(), route);
        }
        ExecutorService blocking = blockingExecutor();
        AdminHandler handler =
                new AdminHandler(
                        Map.copyOf(routes), config.token(), AdminHosts.of(config), blocking);
        try {
            AggregatingHttpServer server =
                    AggregatingHttpServer.start(
                            transport.newGroup(1, "trickle-admin"),
                            transport.serverChannel(),
                            READ_TIMEOUT,
                            config.listen().toSocketAddress(),
                            "admin port",
                            MAX_REQUEST_BYTES,
                            () -> handler);
            return new AdminServer(server, blocking);
        } catch (RuntimeException | InterruptedException e) {
            blocking.shutdownNow();
            throw e;
        }
    }

    /**
     * One thread: changes are rare and each is one ledger write; a bounded queue, so a stuck
     * database cannot pile up requests without limit.
     */
    private static ExecutorService blockingExecutor() {
        return new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_BLOCKING),
                DaemonThreads.named("trickle-admin-blocking"));
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
        blocking.shutdown();
    }
}
