package dev.trickle.server.cli;

import dev.trickle.core.reconcile.ClerkCheck;
import dev.trickle.core.reconcile.ClerkLookup;
import dev.trickle.core.reconcile.MappingExport;
import dev.trickle.core.reconcile.MappingWriter;
import dev.trickle.server.config.CutoverConfig;
import dev.trickle.server.runtime.TrickleResources;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trickle export-mapping}: the legacy id → Clerk id mapping of every migrated or linked
 * user, for rewriting foreign keys in the app's own data. Exits 1 when a row Clerk was asked about
 * is not confirmed.
 */
@Command(
        name = "export-mapping",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Write the legacy id -> Clerk user id mapping from the ledger (see docs/mapping.md).")
final class ExportMappingCommand implements Callable<Integer> {
    /** What the file holds, by {@code --format}. */
    enum Format {
        CSV,
        JSON
    }

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin CutoverConfigOption config;

    @Option(
            names = "--format",
            defaultValue = "csv",
            description = "csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write here instead of standard output.")
    Path out;

    @Option(
            names = "--confirm-with-clerk",
            description =
                    "Look every row up in Clerk (100 legacy ids a call, at the rate limit): adds the"
                            + " Clerk email and confirmed, missing_in_clerk or clerk_id_differs.")
    boolean confirm;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<CutoverConfig> loaded = config.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.CONFIG;
        }
        MappingExport.Summary summary;
        try (TrickleResources resources = TrickleResources.forCutover(loaded.get());
                Writer target =
                        out == null
                                ? new NonClosingWriter(spec.commandLine().getOut())
                                : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            MappingWriter writer =
                    format == Format.CSV ? MappingWriter.csv(target) : MappingWriter.json(target);
            summary =
                    new MappingExport(
                                    resources.ledger().reports(),
                                    confirm
                                            ? Optional.of(new ClerkLookup(resources.clerk()))
                                            : Optional.empty())
                            .writeTo(writer);
            writer.close();
        }
        err.println("trickle: exported " + summary.rows() + " users" + checks(summary));
        err.flush();
        boolean allConfirmed = summary.count(ClerkCheck.CONFIRMED) == summary.rows();
        return !confirm || allConfirmed ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private String checks(MappingExport.Summary summary) {
        if (!confirm) {
            return " (from the ledger alone; --confirm-with-clerk checks them)";
        }
        StringBuilder line = new StringBuilder(":");
        for (ClerkCheck check : ClerkCheck.values()) {
            line.append(' ').append(check.code()).append('=').append(summary.count(check));
        }
        return line.toString();
    }

    /** Standard output stays open for picocli after the export. */
    private static final class NonClosingWriter extends FilterWriter {
        NonClosingWriter(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
