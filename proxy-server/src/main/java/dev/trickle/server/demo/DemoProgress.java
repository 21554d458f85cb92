package dev.trickle.server.demo;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.server.emulator.ClerkEmulator;
import java.io.PrintWriter;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints, once a second while the logins run, how far the migration has got: users in Clerk (the
 * emulator's own count, not the driver's belief) and the logins passed and rejected so far.
 */
final class DemoProgress implements AutoCloseable {
    private final PrintWriter out;
    private final DemoDriver driver;
    private final ClerkEmulator clerk;
    private final int legacyUsers;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker = DaemonThreads.timer("demo-progress");

    DemoProgress(PrintWriter out, DemoDriver driver, ClerkEmulator clerk, int legacyUsers) {
        this.out = out;
        this.driver = driver;
        this.clerk = clerk;
        this.legacyUsers = legacyUsers;
        ticker.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    }

    /** Prints the current line now, e.g. at the end of a phase. */
    void print() {
        String line =
                String.format(
                        "  %5.1f s  %3d of %d users in Clerk  %4d logins passed  %3d rejected  %d errors",
                        seconds(),
                        clerk.userCount(),
                        legacyUsers,
                        driver.succeeded.get(),
                        driver.rejected.get(),
                        driver.errors.get());
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
