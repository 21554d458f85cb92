package dev.trickle.server.cli;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkError;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.clerk.Page;
import dev.trickle.core.clerk.UserPage;
import dev.trickle.core.clerk.UserQuery;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.legacy.LegacyDirectoryUnavailable;
import dev.trickle.core.legacy.LegacyUserDirectory;
import dev.trickle.server.config.MigrationConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code serve --check-config --connect}: what a valid file cannot show. Runs the legacy user query
 * once for an identifier nobody has (it must run and answer with an {@code id} column) and asks
 * Clerk for one user with the secret key. Reads only: nothing is written to either, and the ledger
 * is not opened.
 */
final class ConnectionCheck {
    private static final Duration CLERK_BUDGET = Duration.ofSeconds(15);

    private final PrintWriter out;
    private final PrintWriter err;
    private int exitCode = ExitCodes.OK;

    ConnectionCheck(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Every check of {@code config}, each reported on a line; the command's exit code. */
    int run(MigrationConfig config) throws InterruptedException {
        config.legacyDatabase().ifPresent(this::legacyDatabase);
        clerk("clerk", config.clerk());
        if (config.sourceClerk().isPresent()) {
            clerk("sourceClerk", config.sourceClerk().get());
        }
        return exitCode;
    }

    private void legacyDatabase(LegacyDatabaseSettings settings) {
        try (LegacyUserDirectory directory = new LegacyUserDirectory(settings)) {
            Set<String> columns = directory.queryColumns();
            if (!columns.contains("id")) {
                fail(
                        ExitCodes.CONFIG,
                        "legacyDatabase.query: runs, but answers without an id column (it has "
                                + columns
                                + "; alias yours: SELECT user_id AS id ...)");
                return;
            }
            out.println("legacyDatabase: connected; the query runs and answers " + columns);
        } catch (LegacyDirectoryUnavailable e) {
            fail(ExitCodes.CONFIG, "legacyDatabase: " + e.getMessage());
        }
    }

    private void clerk(String key, ClerkSettings settings) throws InterruptedException {
        ClerkClient clerk = ClerkClient.builder(settings).build();
        ClerkResult<UserPage> answer;
        try {
            answer =
                    clerk.listUsers(
                                    UserQuery.all(),
                                    Page.first(1),
                                    clerk.deadlineAfter(CLERK_BUDGET))
                            .get(CLERK_BUDGET.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            fail(ExitCodes.FAILED, key + ": no answer from " + settings.apiUrl());
            return;
        }
        if (answer.isOk()) {
            out.println(key + ": " + settings.apiUrl() + " accepts the secret key");
            return;
        }
        ClerkError error = answer.error();
        if (error.failure() == ClerkFailure.AUTHENTICATION) {
            fail(
                    ExitCodes.CONFIG,
                    key
                            + ".secretKey: <masked> refused by "
                            + settings.apiUrl()
                            + " (HTTP "
                            + error.httpStatus()
                            + "): a key of another instance, or revoked");
        } else if (error.failure().retryable()
                || error.failure() == ClerkFailure.DEADLINE_EXCEEDED) {
            fail(ExitCodes.FAILED, key + ": " + settings.apiUrl() + " unreachable for now");
        } else {
            fail(
                    ExitCodes.CONFIG,
                    key
                            + ": "
                            + settings.apiUrl()
                            + " refused the call (HTTP "
                            + error.httpStatus()
                            + ")");
        }
    }

    /** Reports a problem; a configuration to fix outranks a service down for now. */
    private void fail(int code, String problem) {
        err.println(problem);
        if (exitCode != ExitCodes.CONFIG) {
            exitCode = code;
        }
    }
}
