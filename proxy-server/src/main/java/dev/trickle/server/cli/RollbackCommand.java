package dev.trickle.server.cli;

import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.reconcile.ClerkLookup;
import dev.trickle.core.reconcile.Findings;
import dev.trickle.core.reconcile.Rollback;
import dev.trickle.core.reconcile.RollbackScope;
import dev.trickle.server.config.CutoverConfig;
import dev.trickle.server.runtime.TrickleResources;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trickle rollback}: deletes from Clerk the users Trickle created, per the ledger. A dry run
 * unless {@code --execute}. Exits 1 when a deletion failed.
 */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Delete from Clerk only the users Trickle created (dry run unless --execute; see"
                        + " docs/reconcile.md).")
final class RollbackCommand implements Callable<Integer> {
    private static final int SHOWN = 20;

    /** The JSON report. */
    record Report(
            boolean executed,
            String since,
            String source,
            boolean includeUnknown,
            Map<String, Findings.Tally> findings) {}

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin CutoverConfigOption config;

    @Option(names = "--execute", description = "Delete and mark reverted; without it, a dry run.")
    boolean execute;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description =
                    "Only users migrated at or after WHEN (2026-11-22 or 2026-11-22T10:00:00Z).")
    String since;

    @Option(
            names = "--source",
            paramLabel = "SOURCE",
            description = "Only users migrated by login or import.")
    MigrationSource source;

    @Option(
            names = "--include-unknown",
            description =
                    "Also delete migrated users whose ledger row predates the created_by_trickle"
                            + " record (schema V3): only if no user was in Clerk before Trickle.")
    boolean includeUnknown;

    @Mixin JsonReportOptions report;

    @Override
    public Integer call() throws IOException {
        Optional<Instant> from = since == null ? Optional.empty() : Optional.of(instant(since));
        PrintWriter out = spec.commandLine().getOut();
        Optional<CutoverConfig> loaded = config.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ExitCodes.CONFIG;
        }
        Findings findings;
        try (TrickleResources resources = TrickleResources.forCutover(loaded.get())) {
            findings =
                    new Rollback(
                                    resources.ledger().reports(),
                                    resources.ledger().rows(),
                                    new ClerkLookup(resources.clerk()))
                            .run(
                                    new RollbackScope(
                                            from, Optional.ofNullable(source), includeUnknown),
                                    execute,
                                    report.listed);
        }
        out.println(
                execute
                        ? "trickle rollback: deleted from Clerk and marked reverted"
                        : "trickle rollback: DRY RUN, nothing deleted (--execute deletes)");
        FindingsOutput.print(out, findings.tallies(), SHOWN);
        out.flush();
        report.write(
                new Report(
                        execute,
                        since,
                        source == null ? null : source.code(),
                        includeUnknown,
                        findings.tallies()));
        return findings.count(Rollback.FAILED) == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private Instant instant(String text) {
        try {
            return text.contains("T")
                    ? Instant.parse(text)
                    : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--since: " + text + " (expected: 2026-11-22 or 2026-11-22T10:00:00Z)");
        }
    }
}
