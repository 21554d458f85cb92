package dev.trickle.server.cli;

import java.net.BindException;
import java.sql.SQLException;

/**
 * Turns the failures an operator causes (a port in use, an unreadable certificate, a database that
 * is down) into one line that says what to fix, instead of a stack trace.
 */
final class StartupFailures {
    private StartupFailures() {}

    static boolean isExpected(Throwable e) {
        return e instanceof BindException
                || e instanceof java.io.UncheckedIOException
                || e instanceof SQLException
                || e instanceof IllegalStateException
                || e instanceof dev.trickle.core.ledger.LedgerUnavailable
                || e instanceof dev.trickle.core.legacy.LegacyDirectoryUnavailable
                || e instanceof dev.trickle.core.reconcile.ClerkUnreachable;
    }

    static String describe(Throwable e) {
        if (e instanceof BindException) {
            return "cannot listen: " + e.getMessage() + " (is another process using the port?)";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
