package dev.trickle.server.cli;

import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.legacy.LegacyDirectoryUnavailable;
import dev.trickle.core.reconcile.ClerkUnreachable;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.sql.SQLException;

/**
 * Turns a command's failure into one line and an exit code, never a stack trace on the console. A
 * set-up the operator must fix (a port in use, an unreadable certificate, a ledger this release
 * cannot use) exits 78 like an invalid configuration, so that supervisors do not restart it in a
 * loop; a database or Clerk that is down for now exits 1, so that they do.
 */
final class StartupFailures {
    private StartupFailures() {}

    static int exitCode(Throwable e) {
        if (isTransient(e)) {
            return ExitCodes.FAILED;
        }
        return isSetUp(e) ? ExitCodes.CONFIG : ExitCodes.FAILED;
    }

    /** Whether this is a failure an operator causes, rather than a bug of Trickle's. */
    static boolean isExpected(Throwable e) {
        return isTransient(e) || isSetUp(e);
    }

    static String describe(Throwable e) {
        if (e instanceof BindException) {
            return "cannot listen: " + e.getMessage() + " (is another process using the port?)";
        }
        String message = e.getMessage();
        if (!isExpected(e)) {
            // A bug: name the exception, since its message alone may say little.
            return e.getClass().getName() + (message == null ? "" : ": " + message);
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static boolean isTransient(Throwable e) {
        return e instanceof LedgerUnavailable
                || e instanceof LegacyDirectoryUnavailable
                || e instanceof ClerkUnreachable;
    }

    private static boolean isSetUp(Throwable e) {
        return e instanceof BindException
                || e instanceof UncheckedIOException
                || e instanceof SQLException
                || e instanceof IllegalStateException;
    }
}
