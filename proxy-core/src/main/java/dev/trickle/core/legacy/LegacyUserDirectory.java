package dev.trickle.core.legacy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.trickle.core.config.Secret;
import dev.trickle.core.metrics.LatencyBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds legacy users in the legacy database with one read-only, pooled, parameterised query.
 * Blocking: call it from a worker pool, never from an event loop.
 */
public final class LegacyUserDirectory implements AutoCloseable {
    /** Timer: one run of the user query for a login. Tag outcome: found, absent, failed. */
    public static final String LOOKUP = "trickle.legacy.lookup";

    private static final int COUNT_TIMEOUT_SECONDS = 60;
    private static final Pattern PLAIN_BCRYPT =
            Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");

    private final Map<String, Timer> lookups = new HashMap<>();
    private final HikariDataSource pool;
    private final String sql;
    private final int placeholders;
    private final int queryTimeoutSeconds;
    private final Optional<String> countSql;
    private final Optional<String> bcryptPepper;

    public LegacyUserDirectory(LegacyDatabaseSettings settings) {
        this(settings, new SimpleMeterRegistry());
    }

    /**
     * Meters on {@code registry}: the pool's {@code hikaricp_*} series (pool {@code
     * trickle-legacy-db}) and {@code trickle_legacy_lookup_seconds} by outcome.
     */
    public LegacyUserDirectory(LegacyDatabaseSettings settings, MeterRegistry registry) {
        HikariConfig config = new HikariConfig();
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        config.setJdbcUrl(settings.connectionUrl());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(p -> config.setPassword(p.reveal()));
        config.setReadOnly(true);
        if (settings.jdbcUrl().startsWith("jdbc:sqlite:")) {
            // SQLite fixes read-only when the file is opened (SQLITE_OPEN_READONLY is 1) and
            // refuses to change it later, so the pool's setReadOnly(true) must find it already so.
            config.addDataSourceProperty("open_mode", "1");
        }
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
        // Start without a connection: a database that is down must not stop the proxy starting.
        config.setInitializationFailTimeout(-1);
        config.setPoolName("trickle-legacy-db");
        this.pool = new HikariDataSource(config);
        this.sql = settings.query().replace(":identifier", "?");
        this.placeholders = countOccurrences(settings.query(), ":identifier");
        this.queryTimeoutSeconds = (int) Math.max(1, settings.queryTimeout().toSeconds());
        this.countSql = settings.countQuery();
        this.bcryptPepper = settings.bcryptPepper().map(Secret::reveal);
        for (String outcome : new String[] {"found", "absent", "failed"}) {
            lookups.put(
                    outcome,
                    Timer.builder(LOOKUP)
                            .description("Legacy user look-ups by the login identifier, by outcome")
                            .tag("outcome", outcome)
                            .serviceLevelObjectives(LatencyBuckets.bounds())
                            .register(registry));
        }
    }

    /**
     * @throws LegacyDirectoryUnavailable when the database cannot be reached or the query fails;
     *     the message names the cause but never the identifier's password or digest
     */
    public Optional<LegacyIdentity> find(String identifier) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            Optional<LegacyIdentity> found = query(identifier);
            outcome = found.isPresent() ? "found" : "absent";
            return found;
        } finally {
            lookups.get(outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Optional<LegacyIdentity> query(String identifier) {
        try (Connection c = pool.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setQueryTimeout(queryTimeoutSeconds);
            q.setMaxRows(2);
            for (int i = 1; i <= placeholders; i++) {
                q.setString(i, identifier);
            }
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                LegacyIdentity identity = read(rs);
                if (rs.next()) {
                    // Two users match one identifier: nobody can tell which one logged in.
                    throw new LegacyDirectoryUnavailable(
                            "the user query matched more than one user");
                }
                return Optional.of(identity);
            }
        } catch (SQLException e) {
            throw new LegacyDirectoryUnavailable(
                    "legacy database query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the user query once for an identifier nobody has and returns the columns it answers
     * with, lower-cased, so that {@code --check-config --connect} can tell a query that runs and
     * names {@code id} from one that does not, before a login depends on it.
     *
     * @throws LegacyDirectoryUnavailable when the database cannot be reached or the query fails
     */
    public Set<String> queryColumns() {
        try (Connection c = pool.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setQueryTimeout(queryTimeoutSeconds);
            q.setMaxRows(1);
            for (int i = 1; i <= placeholders; i++) {
                q.setString(i, "trickle-check-config@example.invalid");
            }
            try (ResultSet rs = q.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                Set<String> columns = new TreeSet<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
                return columns;
            }
        } catch (SQLException e) {
            throw new LegacyDirectoryUnavailable(
                    "legacy database query failed: " + e.getMessage(), e);
        }
    }

    /**
     * The configured count query's answer; empty when none is configured.
     *
     * @throws LegacyDirectoryUnavailable when the database cannot be reached or the query fails
     */
    public OptionalLong countUsers() {
        if (countSql.isEmpty()) {
            return OptionalLong.empty();
        }
        try (Connection c = pool.getConnection();
                PreparedStatement q = c.prepareStatement(countSql.get());
                ResultSet rs = executeWithTimeout(q)) {
            if (!rs.next()) {
                throw new LegacyDirectoryUnavailable("the count query returned no row");
            }
            return OptionalLong.of(rs.getLong(1));
        } catch (SQLException e) {
            throw new LegacyDirectoryUnavailable("legacy count query failed: " + e.getMessage(), e);
        }
    }

    /** Counting a large table may take far longer than finding one user. */
    private static ResultSet executeWithTimeout(PreparedStatement q) throws SQLException {
        q.setQueryTimeout(COUNT_TIMEOUT_SECONDS);
        return q.executeQuery();
    }

    private LegacyIdentity read(ResultSet rs) throws SQLException {
        Set<String> columns = new HashSet<>();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        String id = rs.getString("id");
        if (id == null) {
            throw new LegacyDirectoryUnavailable("the user query returned no id column value");
        }
        return new LegacyIdentity(
                id,
                text(rs, columns, "email"),
                bool(rs, columns, "email_verified"),
                text(rs, columns, "username"),
                text(rs, columns, "first_name"),
                text(rs, columns, "last_name"),
                instant(rs, columns, "created_at"),
                text(rs, columns, "password_digest").map(this::withPepper),
                text(rs, columns, "password_salt"));
    }

    /** Only bcrypt has a peppered layout; digests in other formats are left as they are. */
    private String withPepper(String digest) {
        if (bcryptPepper.isEmpty() || !PLAIN_BCRYPT.matcher(digest).matches()) {
            return digest;
        }
        return digest + "$" + bcryptPepper.get();
    }

    private static Optional<String> text(ResultSet rs, Set<String> columns, String name)
            throws SQLException {
        if (!columns.contains(name)) {
            return Optional.empty();
        }
        String value = rs.getString(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Boolean> bool(ResultSet rs, Set<String> columns, String name)
            throws SQLException {
        if (!columns.contains(name)) {
            return Optional.empty();
        }
        boolean value = rs.getBoolean(name);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Instant> instant(ResultSet rs, Set<String> columns, String name)
            throws SQLException {
        if (!columns.contains(name)) {
            return Optional.empty();
        }
        Object value = rs.getObject(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Timestamp ts) {
            return Optional.of(ts.toInstant());
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return Optional.of(odt.toInstant());
        }
        if (value instanceof java.time.LocalDateTime ldt) {
            return Optional.of(ldt.toInstant(java.time.ZoneOffset.UTC));
        }
        return JsonIdentityPointers.instant(value.toString().replace(' ', 'T'))
                .or(() -> JsonIdentityPointers.instant(value.toString().replace(' ', 'T') + "Z"));
    }

    private static int countOccurrences(String text, String token) {
        int count = 0;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length())) {
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        pool.close();
    }
}
