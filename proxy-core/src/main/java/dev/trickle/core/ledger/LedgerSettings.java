package dev.trickle.core.ledger;

import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.Secret;
import java.time.Duration;

/** Where the ledger lives ({@code ledger.*}); SQLite file by default, PostgreSQL for replicas. */
public record LedgerSettings(
        String url, String user, Secret password, int poolSize, Duration connectionTimeout) {
    public static final String DEFAULT_URL = "jdbc:sqlite:trickle-ledger.db";
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    public static LedgerSettings defaults() {
        return ofUrl(DEFAULT_URL);
    }

    public static LedgerSettings ofUrl(String url) {
        return new LedgerSettings(
                url, "", Secret.of(""), DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT);
    }

    public boolean isSqlite() {
        return url.startsWith("jdbc:sqlite:");
    }

    public void validate(ConfigProblems problems, String prefix) {
        if (url == null
                || !(url.startsWith("jdbc:sqlite:") && url.length() > "jdbc:sqlite:".length()
                        || url.startsWith("jdbc:postgresql://"))) {
            problems.invalid(prefix + ".url", url, "a jdbc:sqlite: or jdbc:postgresql: URL");
        }
        if (poolSize < 1 || poolSize > 256) {
            problems.invalid(prefix + ".poolSize", poolSize, "an integer from 1 to 256");
        }
        if (connectionTimeout == null || connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            problems.invalid(prefix + ".connectionTimeout", connectionTimeout, "at least 250ms");
        }
    }
}
