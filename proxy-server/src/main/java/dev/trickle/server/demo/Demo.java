package dev.trickle.server.demo;

import ch.qos.logback.classic.Level;
import dev.trickle.core.config.Secret;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.ledger.LedgerSettings;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.emulator.ClerkEmulator;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Wires the migrating demo together in one process: the sample legacy app, the Clerk emulator and
 * Trickle with both login routes in front of the app; then drives the {@link DemoScenario} and has
 * {@link DemoReport} tell what happened.
 */
public final class Demo {
    private static final String ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final PrintWriter out;
    private final String listen;
    private final String adminListen;
    private final String legacyListen;
    private final String clerkListen;
    private final int userCount;
    private final int logins;
    private final boolean exitWhenDone;

    public Demo(
            PrintWriter out,
            String listen,
            String adminListen,
            String legacyListen,
            String clerkListen,
            int userCount,
            int logins,
            boolean exitWhenDone) {
        this.out = out;
        this.listen = listen;
        this.adminListen = adminListen;
        this.legacyListen = legacyListen;
        this.clerkListen = clerkListen;
        this.userCount = userCount;
        this.logins = logins;
        this.exitWhenDone = exitWhenDone;
    }

    public int run() throws Exception {
        ch.qos.logback.classic.Logger migrationLogs =
                (ch.qos.logback.classic.Logger)
                        LoggerFactory.getLogger("dev.trickle.core.migration");
        Level before = migrationLogs.getLevel();
        // One INFO line per login would bury the narration; warnings (Clerk or the legacy
        // database in trouble) still show. Restored after, for whoever shares this JVM.
        migrationLogs.setLevel(Level.WARN);
        try {
            return narrate();
        } finally {
            migrationLogs.setLevel(before);
        }
    }

    private int narrate() throws Exception {
        List<DemoUser> users = DemoUserStore.demoUsers(userCount);
        List<DemoScenario.Phase> phases = DemoScenario.plan(users, logins, 42);
        DemoReport report = new DemoReport(out);
        Path dir = Files.createTempDirectory("trickle-demo");
        report.say(
                "Seeding %d legacy users (bcrypt, cost 10) into %s",
                userCount, dir.resolve("legacy.db"));
        DemoUserStore store = DemoUserStore.create(dir.resolve("legacy.db"), userCount);
        String secretKey = fakeSecretKey();
        Path ledgerFile = dir.resolve("ledger.db");
        try (DemoLegacyApp legacy = DemoLegacyApp.start(store, address(legacyListen));
                ClerkEmulator clerk =
                        ClerkEmulator.builder()
                                .instance(ClerkEmulator.Instance.PRODUCTION)
                                .start(address(clerkListen));
                ProxyApplication proxy =
                        ProxyApplication.start(
                                DemoTrickleConfig.of(
                                        listen,
                                        adminListen,
                                        legacy.address(),
                                        clerk.baseUri(),
                                        secretKey,
                                        ledgerFile,
                                        store.jdbcUrl()));
                Ledger ledger = openLedger(ledgerFile)) {
            URI proxyUrl = URI.create("http://" + hostPort(proxy.proxyAddress()));
            URI adminUrl = URI.create("http://" + hostPort(proxy.adminAddress()));
            report.started(hostPort(legacy.address()), proxyUrl, clerk.baseUri());

            DemoDriver driver = new DemoDriver(proxyUrl);
            long start = System.nanoTime();
            try (DemoProgress progress = new DemoProgress(out, driver, clerk, userCount)) {
                for (DemoScenario.Phase phase : phases) {
                    report.say("%s", phase.title());
                    driver.run(phase);
                    progress.print();
                }
            }
            Set<String> legacyIds =
                    users.stream().map(u -> String.valueOf(u.id())).collect(Collectors.toSet());
            DemoClerkAudit audit = DemoClerkAudit.of(clerk, secretKey, legacyIds);
            boolean ok =
                    report.summary(
                            Duration.ofNanos(System.nanoTime() - start),
                            userCount,
                            driver,
                            audit,
                            ledger.reports()
                                    .countsByState()
                                    .getOrDefault(MigrationState.MIGRATED, 0L));
            report.whereToLook(adminUrl, clerk.baseUri(), ledgerFile);
            if (!exitWhenDone) {
                report.say(
                        "Still serving; try %s/login in a browser. Press Ctrl-C to stop.",
                        proxyUrl);
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
                forever.await();
            }
            return ok ? 0 : 1;
        }
    }

    /** A second, read-only use of Trickle's ledger file: the counts an operator would query. */
    private static Ledger openLedger(Path file) {
        return Ledger.open(
                new LedgerSettings(
                        "jdbc:sqlite:" + file, "", Secret.of(""), 1, Duration.ofSeconds(3)),
                Clock.systemUTC());
    }

    /**
     * A production-instance key (so Trickle paces itself at production's 100 Clerk requests per
     * second, not development's 10), made up per run: it means nothing outside this process.
     */
    private static String fakeSecretKey() {
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder("sk_live_fakeDemo");
        for (int i = 0; i < 8; i++) {
            key.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return key.toString();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(
                hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }
}
