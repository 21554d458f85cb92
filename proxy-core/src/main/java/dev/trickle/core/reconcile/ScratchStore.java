package dev.trickle.core.reconcile;

import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.ledger.LedgerRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A throw-away SQLite file holding copies of the ledger, the legacy user list and the Clerk user
 * list, so that comparing millions of users is a few indexed joins on disk instead of sets in the
 * heap. Deleted on close.
 */
final class ScratchStore implements AutoCloseable {
    private static final int BATCH = 1000;

    private final Path file;
    private final Connection db;
    private final PreparedStatement ledgerInsert;
    private final PreparedStatement legacyInsert;
    private final PreparedStatement clerkInsert;
    private final PreparedStatement emailInsert;
    private int pending;

    private ScratchStore(Path file, Connection db) throws SQLException {
        this.file = file;
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode = OFF");
            s.execute("PRAGMA synchronous = OFF");
            s.execute("CREATE TABLE ledger (legacy_id TEXT PRIMARY KEY, state TEXT, email TEXT)");
            s.execute("CREATE TABLE legacy (legacy_id TEXT PRIMARY KEY, email TEXT)");
            s.execute("CREATE TABLE clerk (id TEXT PRIMARY KEY, external_id TEXT)");
            s.execute("CREATE TABLE clerk_email (user_id TEXT, email TEXT)");
        }
        db.setAutoCommit(false);
        ledgerInsert = db.prepareStatement("INSERT OR IGNORE INTO ledger VALUES (?, ?, ?)");
        legacyInsert = db.prepareStatement("INSERT OR IGNORE INTO legacy VALUES (?, ?)");
        clerkInsert = db.prepareStatement("INSERT OR IGNORE INTO clerk VALUES (?, ?)");
        emailInsert = db.prepareStatement("INSERT INTO clerk_email VALUES (?, ?)");
    }

    static ScratchStore create() {
        Path file;
        try {
            file = Files.createTempFile("trickle-reconcile-", ".db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new ScratchStore(file, DriverManager.getConnection("jdbc:sqlite:" + file));
        } catch (SQLException e) {
            deleteQuietly(file);
            throw failure(e);
        }
    }

    void addLedger(LedgerRecord row) {
        String identifier = row.identifier();
        batch(
                ledgerInsert,
                row.legacyId(),
                row.state().code(),
                identifier.contains("@") ? normalised(identifier) : null);
    }

    void addLegacy(String legacyId, String email) {
        batch(legacyInsert, legacyId, normalised(email));
    }

    void addClerk(List<ClerkUser> users) {
        for (ClerkUser user : users) {
            batch(clerkInsert, user.id(), user.externalId());
            for (ClerkEmailAddress address : user.emailAddresses()) {
                batch(emailInsert, user.id(), normalised(address.emailAddress()));
            }
        }
    }

    /** Ends loading: writes what is batched and builds the indexes the comparisons use. */
    void indexed() {
        try {
            flushAll();
            try (Statement s = db.createStatement()) {
                s.execute("CREATE INDEX clerk_external ON clerk (external_id)");
                s.execute("CREATE INDEX clerk_email_address ON clerk_email (email)");
                s.execute("CREATE INDEX clerk_email_user ON clerk_email (user_id)");
                s.execute("CREATE INDEX legacy_email ON legacy (email)");
                s.execute("CREATE INDEX ledger_email ON ledger (email)");
            }
            db.commit();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs {@code sql} and hands each row to {@code sink} as column label → text. */
    void query(String sql, Consumer<Map<String, String>> sink) {
        try (Statement s = db.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    String value = rows.getString(i);
                    row.put(rows.getMetaData().getColumnLabel(i), value == null ? "" : value);
                }
                sink.accept(row);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void batch(PreparedStatement insert, String... values) {
        try {
            for (int i = 0; i < values.length; i++) {
                insert.setString(i + 1, values[i]);
            }
            insert.addBatch();
            if (++pending >= BATCH) {
                flushAll();
                db.commit();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void flushAll() throws SQLException {
        for (PreparedStatement insert :
                List.of(ledgerInsert, legacyInsert, clerkInsert, emailInsert)) {
            insert.executeBatch();
        }
        pending = 0;
    }

    /** Emails compare case-insensitively, as Clerk treats them. */
    static String normalised(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("reconcile scratch database: " + e.getMessage(), e);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file is harmless; the comparison result is what matters.
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // Closing a throw-away database; the file is deleted below either way.
        }
        deleteQuietly(file);
    }
}
