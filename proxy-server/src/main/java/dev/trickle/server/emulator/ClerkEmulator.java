package dev.trickle.server.emulator;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.server.netty.AggregatingHttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Clerk Backend API stand-in for tests, demos and local development. See {@code
 * docs/clerk-emulator.md}.
 *
 * <pre>
 * ClerkEmulator clerk = ClerkEmulator.builder().instance(Instance.PRODUCTION).build()
 *         .start(new InetSocketAddress("127.0.0.1", 0));
 * URI api = clerk.baseUri();   // http://127.0.0.1:PORT/v1
 * </pre>
 */
public final class ClerkEmulator implements AutoCloseable {
    /** Clerk's instance kinds, with their documented Backend API limits per 10 seconds. */
    public enum Instance {
        DEVELOPMENT(100),
        PRODUCTION(1000);

        private final int requestsPer10Seconds;

        Instance(int requestsPer10Seconds) {
            this.requestsPer10Seconds = requestsPer10Seconds;
        }

        public int requestsPer10Seconds() {
            return requestsPer10Seconds;
        }
    }

    /** How the emulated instance behaves. */
    public record Settings(
            List<String> secretKeys,
            Instance instance,
            int maxUsers,
            int rateLimit,
            Duration rateWindow,
            int userUpdateLimit,
            Optional<Path> stateFile,
            Clock clock) {}

    public static final int DEVELOPMENT_USER_CAP = 100;

    private final Settings settings;
    private final Faults faults;
    private final EmulatorRouter router;
    private final UserStore store;
    private final PasswordChecks passwords;
    private final ExecutorService workers;
    private final AggregatingHttpServer server;

    private ClerkEmulator(Settings settings, InetSocketAddress address)
            throws InterruptedException {
        this.settings = settings;
        this.faults = new Faults();
        this.store = new UserStore(settings.stateFile());
        this.passwords = new PasswordChecks(new PasswordHashes(HashSettings.defaults()));
        FixedWindowLimiter instanceLimit =
                new FixedWindowLimiter(
                        settings.rateLimit(), settings.rateWindow(), settings.clock());
        FixedWindowLimiter userLimit =
                new FixedWindowLimiter(
                        settings.userUpdateLimit(), Duration.ofSeconds(10), settings.clock());
        this.router =
                new EmulatorRouter(
                        settings,
                        SpecValidator.shared(),
                        new UserQueries(store),
                        new UsersApi(store, settings.clock(), settings.maxUsers(), passwords),
                        faults,
                        instanceLimit,
                        userLimit,
                        () -> {
                            store.clear();
                            faults.clear();
                            instanceLimit.reset();
                            userLimit.reset();
                        });
        this.workers = Executors.newFixedThreadPool(4, DaemonThreads.named("clerk-emulator"));
        ClerkEmulatorHandler handler = new ClerkEmulatorHandler(router, faults, workers);
        try {
            this.server =
                    AggregatingHttpServer.start(
                            address, "clerk emulator", 1024 * 1024, () -> handler);
        } catch (RuntimeException | InterruptedException e) {
            closeWorkers();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI baseUri() {
        InetSocketAddress a = server.address();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/v1");
    }

    public Faults faults() {
        return faults;
    }

    /** Every /v1 request answered so far, oldest first (no bodies). */
    public List<RecordedCall> requests() {
        return List.copyOf(router.calls());
    }

    public int userCount() {
        return store.size();
    }

    public Settings settings() {
        return settings;
    }

    /** Forgets users, faults, the request log and rate windows. */
    public void reset() {
        router.handle("POST", "/__emulator/reset", java.util.Map.of(), new byte[0]);
    }

    @Override
    public void close() {
        server.close();
        closeWorkers();
    }

    private void closeWorkers() {
        workers.shutdownNow();
        passwords.close();
    }

    /** Builds an emulator; every setting has Clerk's default. */
    public static final class Builder {
        private List<String> secretKeys = List.of();
        private Instance instance = Instance.DEVELOPMENT;
        private Integer maxUsers;
        private Integer rateLimit;
        private Duration rateWindow = Duration.ofSeconds(10);
        private int userUpdateLimit = 10;
        private Optional<Path> stateFile = Optional.empty();
        private Clock clock = Clock.systemUTC();

        /** The keys accepted; none means any well-formed sk_test_/sk_live_ key. */
        public Builder secretKeys(List<String> keys) {
            this.secretKeys = List.copyOf(keys);
            return this;
        }

        public Builder instance(Instance value) {
            this.instance = value;
            return this;
        }

        /** Development instances stop at 100 users, as Clerk's do; production has no cap. */
        public Builder maxUsers(int value) {
            this.maxUsers = value;
            return this;
        }

        public Builder rateLimit(int requests, Duration window) {
            this.rateLimit = requests;
            this.rateWindow = window;
            return this;
        }

        public Builder userUpdateLimit(int per10Seconds) {
            this.userUpdateLimit = per10Seconds;
            return this;
        }

        public Builder stateFile(Path file) {
            this.stateFile = Optional.of(file);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Settings settings() {
            return new Settings(
                    secretKeys,
                    instance,
                    maxUsers != null
                            ? maxUsers
                            : instance == Instance.DEVELOPMENT
                                    ? DEVELOPMENT_USER_CAP
                                    : Integer.MAX_VALUE,
                    rateLimit != null ? rateLimit : instance.requestsPer10Seconds(),
                    rateWindow,
                    userUpdateLimit,
                    stateFile,
                    clock);
        }

        public ClerkEmulator start(InetSocketAddress address) throws InterruptedException {
            return new ClerkEmulator(settings(), address);
        }
    }
}
