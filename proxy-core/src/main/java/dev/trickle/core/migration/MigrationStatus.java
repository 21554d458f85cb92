package dev.trickle.core.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.clerk.ClerkHealth;
import dev.trickle.core.ledger.MigrationState;
import java.util.List;

/** The migration's state at a glance, as the admin port's {@code /status} shows it. */
public final class MigrationStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MigrationStatus() {}

    /** Reads only in-memory state: safe on an event loop. */
    public static ObjectNode describe(
            RolloutControl rollout,
            LedgerCensus census,
            MigrationService service,
            ClerkHealth clerk,
            List<String> routes) {
        ObjectNode status = JSON.createObjectNode();
        RolloutControl.State state = rollout.state();
        ObjectNode mode = RolloutJson.node(state.rollout());
        mode.put("source", state.overridden() ? "runtime" : "config");
        status.set("migration", mode);
        ObjectNode ledger = status.putObject("ledger");
        census.latest()
                .ifPresentOrElse(
                        snapshot -> {
                            ledger.put("countedAt", snapshot.countedAt().toString());
                            ObjectNode users = ledger.putObject("users");
                            for (MigrationState s : MigrationState.values()) {
                                users.put(s.code(), snapshot.byState().getOrDefault(s, 0L));
                            }
                        },
                        () -> ledger.putNull("countedAt"));
        status.put("deferredInMemory", service.deferredCount());
        status.putObject("clerk").put("authenticated", clerk == ClerkHealth.UP);
        routes.forEach(status.putArray("routes")::add);
        return status;
    }
}
