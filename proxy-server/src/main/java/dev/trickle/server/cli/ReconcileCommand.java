package dev.trickle.server.cli;

import dev.trickle.core.reconcile.ClerkLookup;
import dev.trickle.core.reconcile.LegacyUserStream;
import dev.trickle.core.reconcile.ReconcileReport;
import dev.trickle.core.reconcile.Reconciliation;
import dev.trickle.server.config.CutoverConfig;
import dev.trickle.server.runtime.TrickleResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trickle reconcile}: compares the ledger, Clerk and the legacy user table. Exits 1 while a
 * discrepancy is left for a human.
 */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Compare the ledger, Clerk and the legacy users; --repair fixes the ledger where"
                        + " that is safe (see docs/reconcile.md).")
final class ReconcileCommand implements Callable<Integer> {
    private static final int SHOWN = 20;

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin CutoverConfigOption config;

    @Option(
            names = "--repair",
            description =
                    "Fix what is safe, in the ledger only: adopt Clerk users of unsettled rows,"
                            + " tombstone rows whose Clerk user was deleted.")
    boolean repair;

    @Mixin JsonReportOptions report;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Optional<CutoverConfig> loaded = config.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ExitCodes.CONFIG;
        }
        ReconcileReport result;
        try (TrickleResources resources = TrickleResources.forCutover(loaded.get())) {
            result =
                    new Reconciliation(
                                    resources.ledger().reports(),
                                    resources.ledger().rows(),
                                    new ClerkLookup(resources.clerk()),
                                    resources.directory(),
                                    legacyUsers(loaded.get()))
                            .run(repair, report.listed);
        }
        print(out, result);
        report.write(result);
        return result.unresolved() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The legacy users by {@code reconcile.legacyUsersQuery}, when configured. */
    private static Optional<LegacyUserStream> legacyUsers(CutoverConfig config) {
        return config.reconcile()
                .legacyUsersQuery()
                .flatMap(sql -> config.legacyDatabase().map(db -> new LegacyUserStream(db, sql)));
    }

    private static void print(PrintWriter out, ReconcileReport result) {
        out.println("trickle reconcile" + (result.repair() ? " --repair" : ""));
        out.println("  ledger by state: " + result.ledgerByState());
        out.println(
                "  clerk users: " + result.clerkTotal() + " (listed " + result.clerkListed() + ")");
        out.println(
                "  legacy users: "
                        + (result.legacyCount() == null ? "no countQuery" : result.legacyCount())
                        + " by countQuery, "
                        + (result.legacyListed() == null
                                ? "no reconcile.legacyUsersQuery"
                                : result.legacyListed() + " by reconcile.legacyUsersQuery"));
        FindingsOutput.print(out, result.findings(), SHOWN);
        out.println(
                "  "
                        + (result.repair() ? "repaired: " : "repairable with --repair: ")
                        + result.repairs());
        out.println("  left for a human: " + result.unresolved());
        out.flush();
    }
}
