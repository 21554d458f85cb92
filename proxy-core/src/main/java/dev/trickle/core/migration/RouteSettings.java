package dev.trickle.core.migration;

import static java.util.Objects.requireNonNull;

import dev.trickle.core.credentials.CredentialSource;
import dev.trickle.core.credentials.DuplicatePolicy;
import java.time.Duration;

/**
 * What every login route has, whatever asks the old system.
 *
 * @param name the name used in metrics and logs
 * @param duplicates what to do with a credential field given more than once
 * @param budget how long a login waits for its migration
 */
public record RouteSettings(
        String name,
        RouteKind kind,
        CredentialSource credentials,
        DuplicatePolicy duplicates,
        long maxBodyBytes,
        Duration budget) {

    public RouteSettings {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(credentials, "credentials");
        requireNonNull(duplicates, "duplicates");
        requireNonNull(budget, "budget");
    }
}
