package dev.trickle.core.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Upserted hourly counters: one row per hour, metric and label, so the table stays bounded (24 rows
 * a day per label) and the charts survive restarts.
 */
final class HourlyCounters {
    private final DataSource pool;

    HourlyCounters(DataSource pool) {
        this.pool = pool;
    }

    void increment(Instant at, String metric, String label) {
        add(at, metric, label, 1);
    }

    void add(Instant at, String metric, String label, long amount) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO ledger_counter (bucket_start, metric, label, count)"
                                        + " VALUES (?, ?, ?, ?) ON CONFLICT (bucket_start, metric,"
                                        + " label) DO UPDATE SET count = ledger_counter.count"
                                        + " + excluded.count")) {
            s.setLong(1, at.truncatedTo(ChronoUnit.HOURS).toEpochMilli());
            s.setString(2, metric);
            s.setString(3, label);
            s.setLong(4, amount);
            s.executeUpdate();
        } catch (SQLException e) {
            throw Ledger.unavailable(e);
        }
    }

    List<CounterPoint> series(Instant from, Instant to) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT bucket_start, metric, label, count FROM ledger_counter"
                                        + " WHERE bucket_start >= ? AND bucket_start < ?"
                                        + " ORDER BY bucket_start, metric, label")) {
            s.setLong(1, from.truncatedTo(ChronoUnit.HOURS).toEpochMilli());
            s.setLong(2, to.toEpochMilli());
            List<CounterPoint> points = new ArrayList<>();
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    points.add(
                            new CounterPoint(
                                    Instant.ofEpochMilli(row.getLong(1)),
                                    row.getString(2),
                                    row.getString(3),
                                    row.getLong(4)));
                }
            }
            return points;
        } catch (SQLException e) {
            throw Ledger.unavailable(e);
        }
    }
}
