package dev.trickle.server.proxy.login;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints {@link LoginPathBench}'s figures as Markdown tables, differences taken in one run. */
final class LoginPathReport {
    private final PrintStream out;

    LoginPathReport(PrintStream out) {
        this.out = out;
    }

    void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    void migrated(
            Map<LoginPathBench.Workload, Map<LoginPathBench.Target, List<LatencySamples>>> samples,
            Map<String, Double> routeLogins) {
        line("");
        line("Already-migrated user, one connection, all rounds pooled:");
        line("");
        line("| strategy | target | requests | p50 us | p99 us | round p50s us |");
        line("|---|---|---|---|---|---|");
        for (var byWorkload : samples.entrySet()) {
            for (var byTarget : byWorkload.getValue().entrySet()) {
                LatencySamples all = pooled(byTarget.getValue());
                StringBuilder rounds = new StringBuilder();
                for (LatencySamples round : byTarget.getValue()) {
                    rounds.append(rounds.length() == 0 ? "" : ", ")
                            .append(String.format(Locale.ROOT, "%.0f", round.percentileMicros(50)));
                }
                line(
                        "| %s | %s | %d | %.0f | %.0f | %s |",
                        byWorkload.getKey().label,
                        byTarget.getKey().label,
                        all.size(),
                        all.percentileMicros(50),
                        all.percentileMicros(99),
                        rounds);
            }
        }
        line("");
        line(
                "| strategy | route over pass-through p50 | p99 | route / pass-through p50 |"
                        + " pass-through over direct p50 | p99 |");
        line("|---|---|---|---|---|---|");
        for (var byWorkload : samples.entrySet()) {
            var t = byWorkload.getValue();
            LatencySamples direct = pooled(t.get(LoginPathBench.Target.DIRECT));
            LatencySamples pass = pooled(t.get(LoginPathBench.Target.PASSTHROUGH));
            LatencySamples route = pooled(t.get(LoginPathBench.Target.ROUTE));
            line(
                    "| %s | %+.0f us | %+.0f us | %.2fx | %+.0f us | %+.0f us |",
                    byWorkload.getKey().label,
                    route.percentileMicros(50) - pass.percentileMicros(50),
                    route.percentileMicros(99) - pass.percentileMicros(99),
                    route.percentileMicros(50) / pass.percentileMicros(50),
                    pass.percentileMicros(50) - direct.percentileMicros(50),
                    pass.percentileMicros(99) - direct.percentileMicros(99));
        }
        loginsSeen(routeLogins);
    }

    /** What Trickle says its routes did with the timed logins, so the figures are not a no-op. */
    private void loginsSeen(Map<String, Double> routeLogins) {
        line("");
        routeLogins.forEach((labels, count) -> line("trickle_logins_total%s +%.0f", labels, count));
    }

    void firstTime(
            LatencySamples route,
            LatencySamples passThrough,
            LatencySamples clerk,
            ClerkClientMetrics trickleClerk,
            Map<String, Double> routeLogins,
            int logins) {
        double extra50 = route.percentileMicros(50) - passThrough.percentileMicros(50);
        double extra99 = route.percentileMicros(99) - passThrough.percentileMicros(99);
        double waitMicros = trickleClerk.limiterWaitSeconds() * 1e6 / logins;
        double trickleCallMicros = trickleClerk.requestSeconds() * 1e6 / logins;
        line("");
        line("First-time migration (upstream strategy), %d fresh users, interleaved:", logins);
        line("");
        line("| measured | p50 us | p99 us | mean us |");
        line("|---|---|---|---|");
        row("first login via the route", route);
        row("login via the pass-through", passThrough);
        row("Clerk look-up + create, direct", clerk);
        line("");
        line(
                "Route over pass-through: p50 %+.0f us, p99 %+.0f us. Clerk's round trip p50 %.0f us"
                        + " -> Clerk round trip %+.0f us at p50 (%+.0f us at p99).",
                extra50,
                extra99,
                clerk.percentileMicros(50),
                extra50 - clerk.percentileMicros(50),
                extra99 - clerk.percentileMicros(99));
        line(
                "Trickle's Clerk client per first login: %.0f us waiting for rate-limiter permits"
                        + " (%d waits), %.0f us in %d HTTP calls (mean).",
                waitMicros,
                trickleClerk.limiterWaits(),
                trickleCallMicros,
                trickleClerk.requests());
        line(
                "Trickle's migration step (ledger claim to settled, %d migrations): %.0f us mean;"
                        + " the rest of the route over pass-through: %.0f us mean.",
                trickleClerk.migrations(),
                trickleClerk.migrationSeconds() * 1e6 / trickleClerk.migrations(),
                route.meanMicros()
                        - passThrough.meanMicros()
                        - trickleClerk.migrationSeconds() * 1e6 / trickleClerk.migrations());
        line(
                "Without the permit wait: Clerk round trip %+.0f us at p50 (mean wait subtracted).",
                extra50 - clerk.percentileMicros(50) - waitMicros);
        loginsSeen(routeLogins);
    }

    private void row(String what, LatencySamples samples) {
        line(
                "| %s | %.0f | %.0f | %.0f |",
                what,
                samples.percentileMicros(50),
                samples.percentileMicros(99),
                samples.meanMicros());
    }

    private static LatencySamples pooled(List<LatencySamples> rounds) {
        LatencySamples all = new LatencySamples();
        rounds.forEach(all::addAll);
        return all;
    }
}
