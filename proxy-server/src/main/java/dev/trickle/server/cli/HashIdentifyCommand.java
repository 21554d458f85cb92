package dev.trickle.server.cli;

import dev.trickle.core.hash.ClerkConversion;
import dev.trickle.core.hash.HashSettings;
import dev.trickle.core.hash.Identification;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.hash.StoredDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Reads digests one per line and prints, per line and tab-separated, the detected format, the Clerk
 * hasher (or {@code -}) and a note: why Clerk cannot import it, or that the format is a guess. The
 * digest itself is not echoed.
 */
@Command(
        name = "identify",
        mixinStandardHelpOptions = true,
        description =
                "Reads digests on stdin, one per line; prints format, Clerk hasher and notes.")
final class HashIdentifyCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand HashCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (PasswordHashes hashes = new PasswordHashes(HashSettings.defaults());
                BufferedReader reader =
                        new BufferedReader(
                                new InputStreamReader(parent.input(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.println(describe(hashes, line.strip()));
            }
        }
        out.flush();
        return 0;
    }

    private static String describe(PasswordHashes hashes, String digest) {
        Identification id = hashes.identify(digest);
        if (id instanceof Identification.Unrecognised unrecognised) {
            return "unknown\t-\t" + unrecognised.reason();
        }
        Identification.Identified identified = (Identification.Identified) id;
        ClerkConversion clerk = hashes.toClerk(StoredDigest.of(digest));
        String note =
                identified.ambiguous()
                        ? "guessed from the digest's shape: confirm with a format override"
                        : "";
        if (clerk instanceof ClerkConversion.NotImportable notImportable) {
            note = notImportable.reason() + (note.isEmpty() ? "" : "; " + note);
            return identified.format().id() + "\t-\t" + note;
        }
        return identified.format().id()
                + "\t"
                + ((ClerkConversion.ClerkDigest) clerk).hasher()
                + "\t"
                + note;
    }
}
