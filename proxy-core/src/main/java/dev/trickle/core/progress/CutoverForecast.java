package dev.trickle.core.progress;

import dev.trickle.core.ledger.CounterPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the share of logins made by users already in Clerk will reach a target: a least-squares line
 * through the daily shares of the last {@link #DAYS} days, read where it crosses the target. Days
 * with too few logins are left out, since their share is mostly noise.
 */
public final class CutoverForecast {
    static final int DAYS = 14;
    static final int MIN_LOGINS_PER_DAY = 10;
    private static final Duration HORIZON = Duration.ofDays(730);

    private CutoverForecast() {}

    /**
     * @return {@code now} when the last full day already reached {@code target}; empty when the
     *     trend is flat or falling, there are fewer than three usable days, or the date would be
     *     beyond two years
     */
    public static Optional<Instant> reach(List<CounterPoint> history, Instant now, double target) {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        List<double[]> days = new ArrayList<>();
        for (int back = DAYS; back >= 1; back--) {
            Instant start = today.minus(Duration.ofDays(back));
            long[] logins = loginsBetween(history, start, start.plus(Duration.ofDays(1)));
            long total = logins[0] + logins[1];
            if (total >= MIN_LOGINS_PER_DAY) {
                days.add(new double[] {-back, (double) logins[0] / total});
            }
        }
        if (days.size() < 3) {
            return Optional.empty();
        }
        if (days.get(days.size() - 1)[1] >= target) {
            return Optional.of(now);
        }
        double meanX = days.stream().mapToDouble(d -> d[0]).average().orElseThrow();
        double meanY = days.stream().mapToDouble(d -> d[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (double[] d : days) {
            sxy += (d[0] - meanX) * (d[1] - meanY);
            sxx += (d[0] - meanX) * (d[0] - meanX);
        }
        double slope = sxy / sxx;
        if (!(slope > 0)) {
            return Optional.empty();
        }
        double dayOffset = meanX + (target - meanY) / slope;
        Instant reached = today.plusSeconds((long) (dayOffset * 86_400));
        if (reached.isAfter(now.plus(HORIZON))) {
            return Optional.empty();
        }
        return Optional.of(reached.isBefore(now) ? now : reached);
    }

    /** Logins in [from, to): index 0 by users already in Clerk, 1 by the others. */
    static long[] loginsBetween(List<CounterPoint> history, Instant from, Instant to) {
        long[] counts = new long[2];
        for (CounterPoint p : history) {
            if (!p.metric().equals("login")
                    || p.bucketStart().isBefore(from)
                    || !p.bucketStart().isBefore(to)) {
                continue;
            }
            if (p.label().equals("migrated")) {
                counts[0] += p.count();
            } else if (p.label().equals("not_migrated")) {
                counts[1] += p.count();
            }
        }
        return counts;
    }
}
