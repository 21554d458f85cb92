package dev.trickle.core.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.clerk.ClerkHealth;
import dev.trickle.core.ledger.CounterPoint;
import dev.trickle.core.ledger.MigrationState;
import dev.trickle.core.rollout.RolloutControl;
import dev.trickle.core.rollout.RolloutJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The migration at a glance, as the admin port's {@code /status} and {@code /status/history} show
 * it. Reads only in-memory state (the census's last snapshot): safe on an event loop.
 */
public final class MigrationStatus {
    /** The share of active users the forecast aims at. */
    public static final double CUTOVER_TARGET = 0.95;

    private static final ObjectMapper JSON = new ObjectMapper();

    private MigrationStatus() {}

    public static ObjectNode describe(
            RolloutControl rollout,
            MigrationCensus census,
            int deferredInMemory,
            ClerkHealth clerk,
            List<String> routes) {
        ObjectNode status = JSON.createObjectNode();
        RolloutControl.State state = rollout.state();
        ObjectNode mode = RolloutJson.node(state.rollout());
        mode.put("source", state.overridden() ? "runtime" : "config");
        status.set("migration", mode);
        ObjectNode progress = status.putObject("progress");
        ObjectNode readiness = status.putObject("cutoverReadiness");
        ObjectNode ledger = status.putObject("ledger");
        census.latest()
                .ifPresentOrElse(
                        snapshot -> {
                            progress.put("inClerk", snapshot.inClerk());
                            if (snapshot.legacyUsers().isPresent()) {
                                progress.put("legacyUsers", snapshot.legacyUsers().getAsLong());
                            } else {
                                progress.putNull("legacyUsers");
                            }
                            share(progress, "share", snapshot.migratedShare());
                            for (Duration window : MigrationCensus.READINESS_WINDOWS) {
                                share(readiness, window.toDays() + "d", snapshot.readiness(window));
                            }
                            CutoverForecast.reach(
                                            snapshot.history(),
                                            snapshot.countedAt(),
                                            CUTOVER_TARGET)
                                    .ifPresentOrElse(
                                            at -> readiness.put("forecast95", at.toString()),
                                            () -> readiness.putNull("forecast95"));
                            ledger.put("countedAt", snapshot.countedAt().toString());
                            ObjectNode users = ledger.putObject("users");
                            for (MigrationState s : MigrationState.values()) {
                                users.put(s.code(), snapshot.byState().getOrDefault(s, 0L));
                            }
                            ObjectNode problems = ledger.putObject("problems");
                            new TreeMap<>(snapshot.problems())
                                    .forEach(
                                            (s, reasons) -> {
                                                ObjectNode byReason = problems.putObject(s.code());
                                                reasons.forEach(byReason::put);
                                            });
                        },
                        () -> ledger.putNull("countedAt"));
        status.put("deferredInMemory", deferredInMemory);
        status.putObject("clerk").put("authenticated", clerk == ClerkHealth.UP);
        routes.forEach(status.putArray("routes")::add);
        return status;
    }

    /**
     * The hourly counters of the last 30 days, one element per hour that counted anything: {@code
     * {"start": ISO instant, "login": {"migrated": n, "not_migrated": n}, "outcome":
     * {"migrated/login": n, ...}, "shadow": {...}}}.
     */
    public static ObjectNode history(MigrationCensus census) {
        ObjectNode history = JSON.createObjectNode();
        ArrayNode hours = history.putArray("hours");
        census.latest()
                .ifPresent(
                        snapshot -> {
                            history.put("countedAt", snapshot.countedAt().toString());
                            Map<Instant, ObjectNode> byHour = new TreeMap<>();
                            for (CounterPoint point : snapshot.history()) {
                                ObjectNode hour =
                                        byHour.computeIfAbsent(
                                                point.bucketStart(),
                                                start -> {
                                                    ObjectNode h = JSON.createObjectNode();
                                                    h.put("start", start.toString());
                                                    return h;
                                                });
                                ObjectNode metric =
                                        hour.has(point.metric())
                                                ? (ObjectNode) hour.get(point.metric())
                                                : hour.putObject(point.metric());
                                metric.put(point.label(), point.count());
                            }
                            byHour.values().forEach(hours::add);
                        });
        return history;
    }

    private static void share(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(field, Math.round(value.getAsDouble() * 10_000) / 10_000.0);
        } else {
            node.putNull(field);
        }
    }
}
