package dev.trickle.server.demo;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires the demo together and narrates it. */
public final class Demo {
    private final PrintWriter out;
    private final String listen;
    private final String adminListen;
    private final String legacyListen;
    private final int userCount;
    private final int logins;
    private final boolean exitWhenDone;

    public Demo(
            PrintWriter out,
            String listen,
            String adminListen,
            String legacyListen,
            int userCount,
            int logins,
            boolean exitWhenDone) {
        this.out = out;
        this.listen = listen;
        this.adminListen = adminListen;
        this.legacyListen = legacyListen;
        this.userCount = userCount;
        this.logins = logins;
        this.exitWhenDone = exitWhenDone;
    }

    public int run() throws Exception {
        Path dir = Files.createTempDirectory("trickle-demo");
        say(
                "Seeding %d legacy users (bcrypt, cost 10) into %s",
                userCount, dir.resolve("legacy.db"));
        DemoUserStore store = DemoUserStore.create(dir.resolve("legacy.db"), userCount);
        String[] legacyHostPort = legacyListen.split(":");
        try (DemoLegacyApp legacy =
                        DemoLegacyApp.start(
                                store,
                                new InetSocketAddress(
                                        legacyHostPort[0], Integer.parseInt(legacyHostPort[1])));
                ProxyApplication proxy = ProxyApplication.start(config(legacy.address()))) {
            URI proxyUrl = URI.create("http://" + address(proxy.proxyAddress()));
            URI adminUrl = URI.create("http://" + address(proxy.adminAddress()));
            say(
                    "Legacy app    http://%s  (login form at /login, JSON login at /api/login)",
                    address(legacy.address()));
            say("Trickle proxy %s  in front of it", proxyUrl);
            say("Metrics       %s/metrics   readiness %s/health/ready", adminUrl, adminUrl);
            say(
                    "Driving %d logins through the proxy (form and JSON, one in ten with a wrong password)...",
                    logins);
            DemoDriver driver = new DemoDriver(proxyUrl, DemoUserStore.demoUsers(userCount));
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            ticker.scheduleAtFixedRate(
                    () ->
                            say(
                                    "  %4d logins passed, %3d rejected by the legacy app, %d errors",
                                    driver.succeeded.get(),
                                    driver.rejected.get(),
                                    driver.errors.get()),
                    1,
                    1,
                    TimeUnit.SECONDS);
            driver.run(logins, 8);
            ticker.shutdownNow();
            say(
                    "Done in %.1f s: %d logins passed through the proxy, %d rejected as the legacy app decided, %d errors.",
                    (System.nanoTime() - start) / 1e9,
                    driver.succeeded.get(),
                    driver.rejected.get(),
                    driver.errors.get());
            say(
                    "The legacy app counted %d successful and %d failed logins: every request reached it untouched.",
                    legacy.loginsSucceeded.get(), legacy.loginsFailed.get());
            if (!exitWhenDone) {
                say("Still serving; try %s/login in a browser. Press Ctrl-C to stop.", proxyUrl);
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            return driver.errors.get() == 0 ? 0 : 1;
        }
    }

    private dev.trickle.server.config.ProxyConfig config(InetSocketAddress legacy) {
        String yaml =
                "listen: "
                        + listen
                        + "\nupstream:\n  url: http://"
                        + address(legacy)
                        + "\nadmin:\n  listen: "
                        + adminListen
                        + "\nshutdownTimeout: 2s\n";
        return ConfigLoader.withEnvironment(name -> null).parse(yaml);
    }

    private static String address(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
        out.flush();
    }
}
