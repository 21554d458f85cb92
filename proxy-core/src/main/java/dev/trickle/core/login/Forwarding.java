package dev.trickle.core.login;

import java.util.concurrent.CompletionStage;

/** What the proxy does with a login request once its route has read it. */
public sealed interface Forwarding {

    /** Forward it and pass the legacy app's answer on as it comes. */
    record Unheld() implements Forwarding {}

    /**
     * Forward it and hold the legacy app's answer until {@code inspection} completes on it (or the
     * route's hold limit runs out).
     */
    record Held(Inspection inspection) implements Forwarding {}

    /**
     * Do not forward it: answer {@code status} and close the connection. The reason goes to the
     * client and the log, so it names a field or a rule, never a value.
     */
    record Refused(int status, String reason) implements Forwarding {}

    /** Reads the legacy app's complete answer to the login it was made for. */
    @FunctionalInterface
    interface Inspection {
        CompletionStage<Void> inspect(LegacyResponse response);
    }

    Forwarding UNHELD = new Unheld();
}
