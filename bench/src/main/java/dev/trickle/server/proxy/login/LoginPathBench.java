package dev.trickle.server.proxy.login;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a login route costs on top of Trickle's pass-through, and what a first-time migration costs
 * on top of Clerk's own round trip. Guards against the login path growing slow: targets p50 under
 * 0.2 ms over pass-through for an already-migrated user, Clerk's round trip plus under 1 ms for a
 * first-time migration.
 *
 * <p>Not JMH: it measures a request path across three processes over loopback, not a method. Run by
 * {@code bench/login-path.sh}, which starts {@link LoginBenchFixture} and Trickle pinned to one
 * core and this client pinned to the other:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.trickle.server.proxy.login.LoginPathBench \
 *     APP_URL TRICKLE_URL ADMIN_URL CLERK_URL SECRET_KEY \
 *     [ROUNDS REQUESTS BLOCK_SECONDS FIRST_TIME USERS [FIRST_TIME_WARMUP]]
 * </pre>
 *
 * Trickle must have the login routes on {@code /api/login} ({@code upstream}) and {@code /login}
 * ({@code database}) and none on {@code /unrouted/...}: the same request to the same process then
 * differs only by the route. One client connection per server, one request at a time. Each round
 * runs every workload against the three targets in a rotated order, each block bounded by a request
 * count and a time; the first-time rounds interleave a first login through the route, a login
 * through the pass-through and the two Clerk calls a migration makes (look-up by {@code
 * external_id}, create) straight to the emulator, one of each per step, every step with a fresh
 * user. Untimed first-time steps go first: a Trickle that has run for a day has its Clerk client
 * compiled, and a few hundred calls leave {@code java.net.http} mostly interpreted.
 */
public final class LoginPathBench {
    private static final int MAX_ROUNDS = 20;
    private static final int MAX_REQUESTS = 100_000;
    private static final int MAX_BLOCK_SECONDS = 60;
    private static final int MAX_FIRST_TIME = 2000;
    private static final int MAX_FIRST_TIME_WARMUP = 5000;
    private static final long FIRST_TIME_IDS = 1_000_000;
    private static final String LOGINS = "trickle_logins_total";

    /**
     * A pause between first-time steps, longer than the Clerk client's permit spacing at
     * production's limit (10 ms), so that a step waits only for what one migration itself needs:
     * first logins arrive sparsely on a real site.
     */
    private static final Duration FIRST_TIME_PAUSE = Duration.ofMillis(25);

    enum Workload {
        UPSTREAM("upstream (JSON login)", "/api/login", 200),
        DATABASE("database (form login)", "/login", 302);

        final String label;
        final String path;
        final int expectedStatus;

        Workload(String label, String path, int expectedStatus) {
            this.label = label;
            this.path = path;
            this.expectedStatus = expectedStatus;
        }

        byte[] request(BenchConnection connection, String path, long id) {
            String password = BenchLegacyApp.password(id);
            return this == UPSTREAM
                    ? connection.request(
                            "POST",
                            path,
                            "application/json",
                            "{\"email\":\"u"
                                    + id
                                    + "@bench.test\",\"password\":\""
                                    + password
                                    + "\"}")
                    : connection.request(
                            "POST",
                            path,
                            "application/x-www-form-urlencoded",
                            "username=u" + id + "&password=" + password);
        }
    }

    enum Target {
        DIRECT("direct to the app"),
        PASSTHROUGH("Trickle, pass-through"),
        ROUTE("Trickle, login route");

        final String label;

        Target(String label) {
            this.label = label;
        }
    }

    private final URI admin;
    private final String secretKey;
    private final BenchConnection app;
    private final BenchConnection trickle;
    private final BenchConnection clerk;
    private final String clerkPath;

    private LoginPathBench(
            BenchConnection app,
            BenchConnection trickle,
            BenchConnection clerk,
            URI clerkApi,
            URI admin,
            String secretKey) {
        this.app = app;
        this.trickle = trickle;
        this.clerk = clerk;
        this.clerkPath = clerkApi.getPath();
        this.admin = admin;
        this.secretKey = secretKey;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 10 && args.length != 11) {
            throw new IllegalArgumentException(
                    "usage: APP_URL TRICKLE_URL ADMIN_URL CLERK_URL SECRET_KEY"
                            + " [ROUNDS REQUESTS BLOCK_SECONDS FIRST_TIME USERS"
                            + " [FIRST_TIME_WARMUP]]");
        }
        boolean sized = args.length >= 10;
        int rounds = sized ? bounded(args[5], MAX_ROUNDS) : 5;
        int requests = sized ? bounded(args[6], MAX_REQUESTS) : 2000;
        Duration block = Duration.ofSeconds(sized ? bounded(args[7], MAX_BLOCK_SECONDS) : 3);
        int firstTime = sized ? bounded(args[8], MAX_FIRST_TIME) : 100;
        int users = sized ? bounded(args[9], 1000) : 20;
        int warmUp = args.length == 11 ? bounded(args[10], 0, MAX_FIRST_TIME_WARMUP) : 1000;
        URI clerkApi = URI.create(args[3]);
        try (BenchConnection app = new BenchConnection(URI.create(args[0]));
                BenchConnection trickle = new BenchConnection(URI.create(args[1]));
                BenchConnection clerk = new BenchConnection(clerkApi)) {
            LoginPathBench bench =
                    new LoginPathBench(app, trickle, clerk, clerkApi, URI.create(args[2]), args[4]);
            bench.run(rounds, requests, block, firstTime, users, warmUp);
        }
    }

    private void run(int rounds, int requests, Duration block, int firstTime, int users, int warmUp)
            throws IOException, InterruptedException {
        LoginPathReport report = new LoginPathReport(System.out);
        report.line("priming: %d users log in once through each route (their migration)", users);
        for (long id = 1; id <= users; id++) {
            for (Workload workload : Workload.values()) {
                time(workload, Target.ROUTE, id);
            }
        }
        report.line("warm-up: one untimed round");
        for (Workload workload : Workload.values()) {
            for (Target target : Target.values()) {
                block(workload, target, requests, block, users);
            }
        }
        Map<Workload, Map<Target, List<LatencySamples>>> samples = new EnumMap<>(Workload.class);
        PrometheusSamples beforeRounds = PrometheusSamples.scrape(admin);
        for (int round = 0; round < rounds; round++) {
            report.line("round %d/%d", round + 1, rounds);
            for (Workload workload : Workload.values()) {
                for (int t = 0; t < Target.values().length; t++) {
                    Target target = Target.values()[(t + round) % Target.values().length];
                    samples.computeIfAbsent(workload, w -> new EnumMap<>(Target.class))
                            .computeIfAbsent(target, x -> new ArrayList<>())
                            .add(block(workload, target, requests, block, users));
                }
            }
        }
        PrometheusSamples afterRounds = PrometheusSamples.scrape(admin);
        report.migrated(samples, afterRounds.grownSince(beforeRounds, LOGINS));

        report.line("first-time warm-up: %d untimed steps", warmUp);
        firstTime(1, warmUp, FIRST_TIME_IDS, report);
        PrometheusSamples beforeFirstTime = PrometheusSamples.scrape(admin);
        FirstTime first = firstTime(rounds, firstTime, FIRST_TIME_IDS + 3L * warmUp, report);
        PrometheusSamples afterFirstTime = PrometheusSamples.scrape(admin);
        report.firstTime(
                first.route,
                first.passThrough,
                first.clerk,
                ClerkClientMetrics.between(beforeFirstTime, afterFirstTime),
                afterFirstTime.grownSince(beforeFirstTime, LOGINS),
                first.logins);
    }

    private record FirstTime(
            LatencySamples route, LatencySamples passThrough, LatencySamples clerk, int logins) {}

    private FirstTime firstTime(int rounds, int perRound, long firstId, LoginPathReport report)
            throws IOException, InterruptedException {
        LatencySamples route = new LatencySamples();
        LatencySamples passThrough = new LatencySamples();
        LatencySamples clerkPair = new LatencySamples();
        long next = firstId;
        for (int round = 0; round < rounds; round++) {
            report.line("first-time round %d/%d", round + 1, rounds);
            for (int step = 0; step < perRound; step++) {
                for (int k = 0; k < 3; k++) {
                    long id = next++;
                    switch ((k + step) % 3) {
                        case 0 -> route.add(time(Workload.UPSTREAM, Target.ROUTE, id));
                        case 1 -> passThrough.add(time(Workload.UPSTREAM, Target.PASSTHROUGH, id));
                        default -> clerkPair.add(clerkRoundTrip(id));
                    }
                }
                Thread.sleep(FIRST_TIME_PAUSE.toMillis());
            }
        }
        return new FirstTime(route, passThrough, clerkPair, rounds * perRound);
    }

    private LatencySamples block(
            Workload workload, Target target, int requests, Duration limit, int users)
            throws IOException {
        LatencySamples samples = new LatencySamples();
        long end = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < requests && System.nanoTime() < end; i++) {
            samples.add(time(workload, target, 1 + i % users));
        }
        return samples;
    }

    private long time(Workload workload, Target target, long id) throws IOException {
        BenchConnection connection = target == Target.DIRECT ? app : trickle;
        String path = target == Target.PASSTHROUGH ? "/unrouted" + workload.path : workload.path;
        byte[] request = workload.request(connection, path, id);
        long start = System.nanoTime();
        BenchConnection.Response response = connection.send(request);
        long took = System.nanoTime() - start;
        expect(response, workload.expectedStatus, workload.label + " via " + target.label);
        return took;
    }

    /** The two calls a first-time migration makes, as Trickle makes them, straight to Clerk. */
    private long clerkRoundTrip(long id) throws IOException {
        String auth = "Authorization: Bearer " + secretKey;
        String version = "Clerk-API-Version: 2026-05-12";
        byte[] lookup =
                clerk.request(
                        "GET",
                        clerkPath + "/users?external_id=" + id + "&limit=1",
                        null,
                        null,
                        auth,
                        version);
        byte[] create =
                clerk.request(
                        "POST",
                        clerkPath + "/users",
                        "application/json",
                        String.format(
                                Locale.ROOT,
                                "{\"external_id\":\"%d\",\"email_address\":[\"c%d@bench.test\"],"
                                        + "\"username\":\"c%d\",\"password\":\"%s\","
                                        + "\"skip_password_checks\":true}",
                                id,
                                id,
                                id,
                                BenchLegacyApp.password(id)),
                        auth,
                        version);
        long start = System.nanoTime();
        BenchConnection.Response found = clerk.send(lookup);
        BenchConnection.Response created = clerk.send(create);
        long took = System.nanoTime() - start;
        expect(found, 200, "Clerk look-up");
        expect(created, 200, "Clerk create");
        return took;
    }

    private static void expect(BenchConnection.Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException(
                    what + ": status " + response.status() + " (expected: " + status + ")");
        }
    }

    private static int bounded(String value, int max) {
        return bounded(value, 1, max);
    }

    private static int bounded(String value, int min, int max) {
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            throw new IllegalArgumentException(value + " (expected: " + min + " to " + max + ")");
        }
        return n;
    }
}
