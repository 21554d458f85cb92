package dev.trickle.core.ledger;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the ledger's tables to the newest version this build knows, with Flyway: the scripts
 * {@code V<n>__*.sql} under {@link #LOCATION}, their checksums and who applied them when in {@code
 * flyway_schema_history}, where operators and Flyway's own tools expect them. Runs under a {@link
 * SchemaLock}, so concurrent first starts take turns, and refuses a database that a newer build has
 * already moved past what this one knows.
 *
 * <p>Ledgers made before Flyway kept their version in {@code schema_version}; such a ledger gets a
 * baseline at that version and only the newer scripts run. That table is left as it was, so a build
 * from before Flyway still starts on a ledger at the version it knows.
 */
final class LedgerSchema {
    static final String LOCATION = "classpath:dev/trickle/core/ledger/schema";
    static final String HISTORY = "flyway_schema_history";
    static final String BEFORE_FLYWAY = "schema_version";

    /** How long a replica waits for another one's migration before it gives up starting. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(LedgerSchema.class);

    private LedgerSchema() {}

    static int migrate(DataSource pool, LedgerSettings settings) {
        return migrate(pool, settings, LOCK_WAIT);
    }

    /** Migrates and returns the version reached; throws LedgerUnavailable on any failure. */
    static int migrate(DataSource pool, LedgerSettings settings, Duration lockWait) {
        String where = LedgerDatabase.redacted(settings);
        try {
            SchemaLock lock = SchemaLock.acquire(pool, settings, lockWait);
            try {
                return migrateHoldingLock(pool, settings, where);
            } finally {
                lock.close();
            }
        } catch (FlywayException e) {
            throw new LedgerUnavailable(
                    "ledger schema migration failed: " + where + ": " + oneLine(e.getMessage()), e);
        } catch (SQLException e) {
            throw new LedgerUnavailable("ledger schema migration failed: " + where, e);
        }
    }

    private static int migrateHoldingLock(DataSource pool, LedgerSettings settings, String where)
            throws SQLException {
        int before = versionBeforeFlyway(pool, settings);
        Flyway flyway =
                Flyway.configure(LedgerSchema.class.getClassLoader())
                        .dataSource(pool)
                        .locations(LOCATION)
                        // A jar that lost its scripts must not look like an empty schema.
                        .failOnMissingLocations(true)
                        // A first start in a schema that already holds tables: of an older
                        // Trickle (baseline at its version) or of other software (at 0).
                        .baselineOnMigrate(true)
                        .baselineVersion(String.valueOf(before))
                        .baselineDescription(
                                before == 0
                                        ? "schema held other tables"
                                        : BEFORE_FLYWAY + " " + before + " (before Flyway)")
                        // Nothing may ever drop the ledger's tables.
                        .cleanDisabled(true)
                        .load();
        MigrateResult result = flyway.migrate();
        MigrationInfoService info = flyway.info();
        int current = version(info.current());
        int newest = newestKnown(info);
        if (current > newest) {
            throw new LedgerUnavailable(
                    "ledger schema version "
                            + current
                            + " is newer than this Trickle knows (up to version "
                            + newest
                            + "): run a Trickle release that knows version "
                            + current
                            + " against "
                            + where,
                    null);
        }
        if (result.migrationsExecuted > 0) {
            log.info(
                    "ledger schema migrated to version {} ({} script(s) applied)",
                    current,
                    result.migrationsExecuted);
        }
        return current;
    }

    /** The version a ledger made before Flyway recorded, or 0: none, or Flyway already keeps it. */
    private static int versionBeforeFlyway(DataSource pool, LedgerSettings settings)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            String schema = c.getSchema();
            if (!settings.isSqlite() && schema == null) {
                // The search path names no existing schema: nothing to look at, and a null
                // pattern would match another schema's tables.
                return 0;
            }
            if (hasTable(c, schema, HISTORY) || !hasTable(c, schema, BEFORE_FLYWAY)) {
                return 0;
            }
            try (Statement s = c.createStatement();
                    ResultSet row = s.executeQuery("SELECT MAX(version) FROM " + BEFORE_FLYWAY)) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static boolean hasTable(Connection c, String schema, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rows = meta.getTables(null, schema, table, new String[] {"TABLE"})) {
            return rows.next();
        }
    }

    private static int newestKnown(MigrationInfoService info) {
        return Arrays.stream(info.all())
                .filter(m -> m.getState().isResolved() && !m.getType().isBaseline())
                .mapToInt(LedgerSchema::version)
                .max()
                .orElse(0);
    }

    private static int version(MigrationInfo migration) {
        return migration == null ? 0 : Integer.parseInt(migration.getVersion().getVersion());
    }

    private static String oneLine(String message) {
        return message == null
                ? "no detail"
                : message.lines()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.matches("-+"))
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("no detail");
    }
}
