package dev.trickle.server.cli;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.core.importer.ImportTally;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The import's progress on stderr: on a terminal one line rewritten every second (count, rate, ETA
 * when the total is known); otherwise a plain line every ten seconds, for logs.
 */
final class ImportProgress implements AutoCloseable {
    private final ImportTally tally;
    private final PrintStream out;
    private final boolean terminal;
    private final ScheduledExecutorService timer;

    private ImportProgress(ImportTally tally, PrintStream out, boolean terminal) {
        this.tally = tally;
        this.out = out;
        this.terminal = terminal;
        this.timer = DaemonThreads.timer("trickle-import-progress");
    }

    static ImportProgress start(ImportTally tally, PrintStream out, boolean terminal) {
        ImportProgress progress = new ImportProgress(tally, out, terminal);
        long every = terminal ? 1 : 10;
        progress.timer.scheduleAtFixedRate(progress::print, every, every, TimeUnit.SECONDS);
        return progress;
    }

    private void print() {
        String line = line();
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line() {
        long done = tally.done();
        double seconds = Math.max(tally.elapsedNanos() / 1e9, 1e-3);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder("import: ").append(done);
        OptionalLong total = tally.total();
        if (total.isPresent() && total.getAsLong() > 0) {
            long all = total.getAsLong();
            line.append('/')
                    .append(all)
                    .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, done * 100 / all)));
        }
        line.append(String.format(Locale.ROOT, " users, %.1f/s", rate));
        if (total.isPresent() && rate > 0 && done < total.getAsLong()) {
            line.append(", ETA ").append(duration((long) ((total.getAsLong() - done) / rate)));
        }
        return line.toString();
    }

    private static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toHours() > 0) {
            return String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
        }
        return String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (terminal) {
            out.print("\r" + line() + "\u001b[K\n");
        } else {
            out.println(line());
        }
        out.flush();
    }
}
