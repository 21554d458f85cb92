package dev.trickle.core.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Read-only views of the {@code ledger_user} rows for the census, the status page and the cutover
 * tools: counts, problems by reason, and two ways to walk every row. Blocking, like every ledger
 * part.
 */
public final class LedgerReports {
    private static final String SELECT = "SELECT " + RecordMapper.COLUMNS + " FROM ledger_user";

    private final LedgerDatabase database;

    LedgerReports(LedgerDatabase database) {
        this.database = database;
    }

    public Map<MigrationState, Long> countsByState() {
        Map<MigrationState, Long> counts = new EnumMap<>(MigrationState.class);
        for (KeyCount row : groupCount("state")) {
            counts.put(MigrationState.ofCode(row.key()), row.count());
        }
        return counts;
    }

    public Map<MigrationSource, Long> countsBySource() {
        Map<MigrationSource, Long> counts = new EnumMap<>(MigrationSource.class);
        for (KeyCount row : groupCount("source")) {
            counts.put(MigrationSource.ofCode(row.key()), row.count());
        }
        return counts;
    }

    private record KeyCount(String key, long count) {}

    private List<KeyCount> groupCount(String column) {
        return database.query(
                "SELECT " + column + ", COUNT(*) FROM ledger_user GROUP BY " + column,
                row -> new KeyCount(row.getString(1), row.getLong(2)));
    }

    /**
     * Rows that need an operator's eye (pending, conflict, failed) by state and last error code;
     * rows without a code are counted under {@code "none"}.
     */
    public Map<MigrationState, Map<String, Long>> problemsByReason() {
        Map<MigrationState, Map<String, Long>> counts = new EnumMap<>(MigrationState.class);
        database.query(
                        "SELECT state, last_error_code, COUNT(*) FROM ledger_user"
                                + " WHERE state IN ('pending', 'conflict', 'failed')"
                                + " GROUP BY state, last_error_code",
                        row ->
                                new Problem(
                                        MigrationState.ofCode(row.getString(1)),
                                        Optional.ofNullable(row.getString(2)).orElse("none"),
                                        row.getLong(3)))
                .forEach(
                        problem ->
                                counts.computeIfAbsent(problem.state(), k -> new TreeMap<>())
                                        .merge(problem.reason(), problem.count(), Long::sum));
        return counts;
    }

    private record Problem(MigrationState state, String reason, long count) {}

    /**
     * Streams every row in legacy-id order through {@code sink} with a server-side cursor, so
     * memory stays flat however large the ledger is. Returns the number of rows visited.
     */
    public long forEach(Consumer<LedgerRecord> sink) {
        try (Connection c = database.connection()) {
            // PostgreSQL only honours the fetch size inside a transaction.
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY legacy_id")) {
                s.setFetchSize(500);
                long visited = 0;
                try (ResultSet row = s.executeQuery()) {
                    while (row.next()) {
                        sink.accept(RecordMapper.map(row));
                        visited++;
                    }
                }
                c.commit();
                return visited;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw LedgerDatabase.unavailable(e);
        }
    }

    /**
     * Every row in legacy-id order, {@link #page} by page of {@code size}: each page is read when
     * the loop asks for it, after the previous one's last legacy id.
     */
    public Iterable<List<LedgerRecord>> pages(int size) {
        return () ->
                new Iterator<>() {
                    private Optional<String> after = Optional.empty();
                    private List<LedgerRecord> next;

                    @Override
                    public boolean hasNext() {
                        if (next == null) {
                            next = page(after, size);
                        }
                        return !next.isEmpty();
                    }

                    @Override
                    public List<LedgerRecord> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        List<LedgerRecord> current = next;
                        after = Optional.of(current.get(current.size() - 1).legacyId());
                        next = null;
                        return current;
                    }
                };
    }

    /**
     * Up to {@code limit} rows with a legacy id after {@code after} (from the first when empty), in
     * legacy-id order: for walks that call Clerk between pages and so must not hold a cursor (and
     * its transaction) open for hours.
     */
    public List<LedgerRecord> page(Optional<String> after, int limit) {
        List<Object> args = new ArrayList<>(2);
        after.ifPresent(args::add);
        args.add(limit);
        return database.query(
                SELECT
                        + (after.isPresent() ? " WHERE legacy_id > ?" : "")
                        + " ORDER BY legacy_id LIMIT ?",
                RecordMapper::map,
                args.toArray());
    }
}
