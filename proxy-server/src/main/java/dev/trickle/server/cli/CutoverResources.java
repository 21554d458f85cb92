package dev.trickle.server.cli;

import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.ledger.Ledger;
import dev.trickle.core.legacy.LegacyUserDirectory;
import dev.trickle.core.reconcile.ClerkLookup;
import dev.trickle.core.reconcile.LegacyUserStream;
import dev.trickle.server.config.CutoverConfig;
import java.time.Clock;
import java.util.Optional;

/** The ledger, Clerk and legacy database a cutover command works on, opened from the config. */
final class CutoverResources implements AutoCloseable {
    private final CutoverConfig config;
    private final Ledger ledger;
    private final ClerkLookup clerk;
    private Optional<LegacyUserDirectory> directory = Optional.empty();

    CutoverResources(CutoverConfig config) {
        this.config = config;
        this.ledger = Ledger.open(config.ledger(), Clock.systemUTC());
        this.clerk = new ClerkLookup(ClerkClient.builder(config.clerk()).build());
    }

    Ledger ledger() {
        return ledger;
    }

    ClerkLookup clerk() {
        return clerk;
    }

    /** The legacy database for its count query, opened on first use. */
    Optional<LegacyUserDirectory> directory() {
        if (directory.isEmpty()) {
            directory = config.legacyDatabase().map(LegacyUserDirectory::new);
        }
        return directory;
    }

    Optional<LegacyUserStream> legacyUsers() {
        return config.reconcile()
                .legacyUsersQuery()
                .flatMap(sql -> config.legacyDatabase().map(db -> new LegacyUserStream(db, sql)));
    }

    @Override
    public void close() {
        directory.ifPresent(LegacyUserDirectory::close);
        ledger.close();
    }
}
