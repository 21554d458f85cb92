package dev.trickle.core.ledger;

import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the ledger lives: a SQLite file (the default, created on first start, one replica) or
 * PostgreSQL (several replicas sharing it).
 */
public record LedgerSettings(
        String url,
        Optional<String> user,
        Optional<Secret> password,
        int maxPoolSize,
        Duration connectionTimeout) {

    public static final String DEFAULT_URL = "jdbc:sqlite:trickle-ledger.db";
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    public static LedgerSettings of(String url) {
        return new LedgerSettings(
                url,
                Optional.empty(),
                Optional.empty(),
                DEFAULT_MAX_POOL_SIZE,
                DEFAULT_CONNECTION_TIMEOUT);
    }

    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    public void validate(ConfigProblems problems, String path) {
        if (!isSqlite() && !url.startsWith("jdbc:postgresql:")) {
            problems.invalid(path + ".url", url, "a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            problems.invalid(path + ".maxPoolSize", maxPoolSize, "1 to 200");
        }
    }
}
