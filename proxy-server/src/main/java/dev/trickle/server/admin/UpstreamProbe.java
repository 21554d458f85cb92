package dev.trickle.server.admin;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.server.config.UpstreamConfig;
import dev.trickle.server.metrics.ServerMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connects to the upstream every few seconds so readiness reflects whether the legacy app answers,
 * without sending it any request. The readiness endpoint reads the last result and does no I/O.
 */
public final class UpstreamProbe implements ReadinessCheck, AutoCloseable {
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final UpstreamConfig upstream;
    private final AtomicBoolean up = new AtomicBoolean();
    private final ScheduledExecutorService scheduler;

    public UpstreamProbe(UpstreamConfig upstream, MeterRegistry registry) {
        this.upstream = upstream;
        this.scheduler = DaemonThreads.timer("trickle-upstream-probe");
        Gauge.builder(ServerMeters.UPSTREAM_UP, up, b -> b.get() ? 1 : 0)
                .description("1 when the legacy app answered the last readiness probe, else 0")
                .register(registry);
        scheduler.scheduleWithFixedDelay(
                this::probe, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(upstream.host(), upstream.port()),
                    (int) upstream.connectTimeout().toMillis());
            up.set(true);
        } catch (IOException e) {
            up.set(false);
        }
    }

    @Override
    public Optional<String> problem() {
        return up.get()
                ? Optional.empty()
                : Optional.of("upstream " + upstream.authority() + " is not accepting connections");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
