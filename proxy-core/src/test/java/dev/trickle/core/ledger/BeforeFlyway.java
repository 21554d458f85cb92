package dev.trickle.core.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes a ledger as the hand-written runner of releases before Flyway left it: {@code
 * schema_version(version, applied_at)} plus the tables of each version up to the one asked for.
 * Spelt out here rather than read from the scripts, so the fixture stays what those releases did
 * whatever happens to the scripts later.
 */
final class BeforeFlyway {
    static final long APPLIED_AT = 1_700_000_000_000L;

    private static final List<List<String>> VERSIONS =
            List.of(
                    List.of(
                            "CREATE TABLE IF NOT EXISTS ledger_user ("
                                    + " legacy_id VARCHAR(255) NOT NULL PRIMARY KEY,"
                                    + " identifier VARCHAR(320) NOT NULL,"
                                    + " clerk_user_id VARCHAR(64),"
                                    + " state VARCHAR(16) NOT NULL,"
                                    + " source VARCHAR(16) NOT NULL,"
                                    + " attempts INTEGER NOT NULL DEFAULT 0,"
                                    + " last_error_code VARCHAR(64),"
                                    + " next_attempt_at BIGINT,"
                                    + " claim_owner VARCHAR(128),"
                                    + " claim_expires_at BIGINT,"
                                    + " first_seen_at BIGINT NOT NULL,"
                                    + " migrated_at BIGINT,"
                                    + " updated_at BIGINT NOT NULL)",
                            "CREATE INDEX IF NOT EXISTS ledger_user_due"
                                    + " ON ledger_user (state, next_attempt_at)",
                            "CREATE TABLE IF NOT EXISTS ledger_counter ("
                                    + " bucket_start BIGINT NOT NULL,"
                                    + " metric VARCHAR(16) NOT NULL,"
                                    + " label VARCHAR(48) NOT NULL,"
                                    + " count BIGINT NOT NULL,"
                                    + " PRIMARY KEY (bucket_start, metric, label))"),
                    List.of(
                            "CREATE TABLE IF NOT EXISTS ledger_setting ("
                                    + " name VARCHAR(64) NOT NULL PRIMARY KEY,"
                                    + " value TEXT NOT NULL,"
                                    + " updated_at BIGINT NOT NULL)"),
                    List.of("ALTER TABLE ledger_user ADD COLUMN created_by_trickle SMALLINT"));

    private BeforeFlyway() {}

    /** The schema at {@code version} (1 to 3), with one row in each table it has. */
    static void create(Connection c, int version) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version"
                            + " (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (int v = 1; v <= version; v++) {
                for (String sql : VERSIONS.get(v - 1)) {
                    s.execute(sql);
                }
                s.execute(
                        "INSERT INTO schema_version (version, applied_at) VALUES ("
                                + v
                                + ", "
                                + APPLIED_AT
                                + ")");
            }
            s.execute(
                    "INSERT INTO ledger_user (legacy_id, identifier, clerk_user_id, state, source,"
                            + " attempts, first_seen_at, migrated_at, updated_at) VALUES ('42',"
                            + " 'ada@example.com', 'user_42', 'migrated', 'login', 0, 1, 2, 2)");
            s.execute(
                    "INSERT INTO ledger_counter (bucket_start, metric, label, count)"
                            + " VALUES (0, 'login', 'migrated', 7)");
            if (version >= 2) {
                s.execute(
                        "INSERT INTO ledger_setting (name, value, updated_at)"
                                + " VALUES ('rollout', '{\"mode\":\"shadow\"}', 3)");
            }
        }
    }
}
