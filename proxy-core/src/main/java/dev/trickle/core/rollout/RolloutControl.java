package dev.trickle.core.rollout;

import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.SharedSettings;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mode and rollout in force: the configuration's, unless an operator overrode them at run time.
 * The override lives in the ledger, so every replica sharing it follows the same kill switch (each
 * picks it up on its next {@link #refresh()}) and a restart keeps it until it is cleared.
 */
public final class RolloutControl implements Supplier<Rollout> {
    private static final Logger log = LoggerFactory.getLogger(RolloutControl.class);
    static final String SETTING = "rollout";

    /** What is in force and where it came from. */
    public record State(Rollout rollout, boolean overridden) {}

    private final Rollout configured;
    private final SharedSettings shared;
    private final AtomicReference<State> current;

    public RolloutControl(Rollout configured, SharedSettings shared) {
        this.configured = configured;
        this.shared = shared;
        this.current = new AtomicReference<>(new State(configured, false));
    }

    @Override
    public Rollout get() {
        return current.get().rollout();
    }

    public State state() {
        return current.get();
    }

    /**
     * Makes {@code rollout} the one in force here and, through the ledger, on every replica.
     *
     * @throws LedgerUnavailable when the ledger cannot store it (nothing changes then)
     */
    public State override(Rollout rollout) {
        shared.put(SETTING, RolloutJson.write(rollout));
        return install(new State(rollout, true));
    }

    /** Back to the configuration's mode and rollout. */
    public State clearOverride() {
        shared.remove(SETTING);
        return install(new State(configured, false));
    }

    /** Re-reads the shared override; keeps the current state when the ledger cannot be read. */
    public void refresh() {
        Optional<String> stored;
        try {
            stored = shared.value(SETTING);
        } catch (LedgerUnavailable e) {
            return;
        }
        if (stored.isEmpty()) {
            install(new State(configured, false));
            return;
        }
        try {
            install(new State(RolloutJson.patch(configured, stored.get()), true));
        } catch (IllegalArgumentException e) {
            log.warn("ignoring the stored run-time rollout override: {}", e.getMessage());
        }
    }

    private State install(State next) {
        State previous = current.getAndSet(next);
        if (!previous.equals(next)) {
            log.info(
                    "migration mode {} at {}%{} (was {} at {}%)",
                    next.rollout().mode().tag(),
                    next.rollout().percent(),
                    next.overridden() ? ", set at run time" : ", from the configuration",
                    previous.rollout().mode().tag(),
                    previous.rollout().percent());
        }
        return next;
    }
}
