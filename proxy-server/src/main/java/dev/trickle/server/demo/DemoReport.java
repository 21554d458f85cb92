package dev.trickle.server.demo;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The demo's narration: what runs where, the outcome in numbers, and where to look next. */
final class DemoReport {
    private final PrintWriter out;

    DemoReport(PrintWriter out) {
        this.out = out;
    }

    void say(String format, Object... args) {
        String line = String.format(format, args);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    void started(String legacy, URI proxy, URI clerk) {
        say("Legacy app      http://%s  (login form at /login, JSON login at /api/login)", legacy);
        say("Clerk emulator  %s  (production instance, in memory)", clerk);
        say("Trickle         %s  in front of the legacy app:", proxy);
        say("  POST /login      checked against the app's users table (bcrypt) before it goes on");
        say("  POST /api/login  checked by the app's own answer");
        say("  on success the user is created in Clerk once, external_id = legacy id, with the");
        say("  password just typed; every other request passes through untouched.");
    }

    /**
     * Prints the outcome; true when it is what a trickle migration promises: every user who logged
     * in is in Clerk exactly once, nobody else is, and no login failed for the proxy's sake.
     */
    boolean summary(
            Duration took,
            int legacyUsers,
            DemoDriver driver,
            DemoClerkAudit clerk,
            long ledgerMigrated) {
        int loggedIn = driver.usersLoggedIn();
        long succeeded = driver.succeeded.get();
        say("");
        say("Summary after %.1f s:", took.toMillis() / 1000.0);
        say(
                "  Migrated %d of %d legacy users to Clerk (the ledger records %d migrated); %d never"
                        + " logged in and are left for the bulk import.",
                clerk.clerkUsers(), legacyUsers, ledgerMigrated, legacyUsers - loggedIn);
        say(
                "  %d duplicates: %d Clerk users, %d distinct external_ids, %d not a legacy id.",
                clerk.duplicates(),
                clerk.clerkUsers(),
                clerk.distinctExternalIds(),
                clerk.unknownExternalIds());
        say(
                "  Logins: %d passed, %d rejected (wrong password or no such user), %d errors.",
                succeeded, driver.rejected.get(), driver.errors.get());
        say(
                "  Clerk calls: %d look-ups by external_id and %d creates for %d successful logins:"
                        + " %d logins needed no call to Clerk (repeat logins served from Trickle's"
                        + " cache, tabs sharing one migration).",
                clerk.lookups(),
                clerk.creates(),
                succeeded,
                Math.max(0, succeeded - clerk.lookups()));
        boolean ok =
                driver.errors.get() == 0
                        && clerk.duplicates() == 0
                        && clerk.unknownExternalIds() == 0
                        && clerk.clerkUsers() == loggedIn
                        && ledgerMigrated == loggedIn;
        if (!ok) {
            say(
                    "  NOT AS EXPECTED: %d users logged in, so %d should be in Clerk and the ledger"
                            + " once each, with no errors.",
                    loggedIn, loggedIn);
        }
        return ok;
    }

    void whereToLook(URI admin, URI clerk, Path ledger) {
        say("");
        say("Where to look:");
        say(
                "  Dashboard       %s/  (migrations by day and outcome, cutover readiness, in a"
                        + " browser)",
                admin);
        say("  Metrics         %s/metrics", admin);
        say(
                "  Status          %s/status  (progress, cutover readiness, problems by reason)",
                admin);
        say(
                "  Clerk users     curl -H 'Authorization: Bearer sk_test_anyKeyWorks' '%s/users?limit=5'",
                clerk);
        say(
                "  Ledger          sqlite3 %s 'SELECT state, count(*) FROM ledger_user GROUP BY state'",
                ledger);
    }
}
