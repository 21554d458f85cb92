package dev.trickle.core.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on {@code <database file>-schema-lock}, beside the database. Not the database
 * file itself: a POSIX lock is per process, and closing any descriptor of a file drops every lock
 * the process holds on it, which would drop SQLite's own locks. Threads of one JVM take turns on a
 * {@link ReentrantLock} first, as the JVM refuses a second lock on a file it already locks. An
 * in-memory database is private to its process and needs only the latter.
 */
final class SqliteSchemaLock implements SchemaLock {
    static final String SUFFIX = "-schema-lock";

    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private final Optional<FileChannel> channel;

    private SqliteSchemaLock(Optional<FileChannel> channel) {
        this.channel = channel;
    }

    static SqliteSchemaLock acquire(String url) {
        IN_THIS_JVM.lock();
        Optional<Path> file = databaseFile(url);
        if (file.isEmpty()) {
            return new SqliteSchemaLock(Optional.empty());
        }
        Path lockFile = file.get().resolveSibling(file.get().getFileName() + SUFFIX);
        FileChannel channel = null;
        try {
            channel =
                    FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // Released with the channel, and by the OS if this process dies.
            channel.lock();
            return new SqliteSchemaLock(Optional.of(channel));
        } catch (IOException e) {
            closeQuietly(channel);
            IN_THIS_JVM.unlock();
            throw new LedgerUnavailable("ledger schema lock failed: " + lockFile, e);
        }
    }

    /** The database file a {@code jdbc:sqlite:} URL names; empty for an in-memory database. */
    static Optional<Path> databaseFile(String url) {
        String name = url.substring("jdbc:sqlite:".length());
        boolean uri = name.startsWith("file:");
        int query = name.indexOf('?');
        if (query >= 0) {
            if (uri && name.substring(query).contains("mode=memory")) {
                return Optional.empty();
            }
            name = name.substring(0, query);
        }
        if (uri) {
            name = name.substring("file:".length());
            if (name.startsWith("//")) {
                name = name.substring(2);
            }
        }
        if (name.isEmpty() || name.startsWith(":memory:") || name.startsWith(":resource:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(name).toAbsolutePath());
    }

    @Override
    public void close() {
        channel.ifPresent(SqliteSchemaLock::closeQuietly);
        IN_THIS_JVM.unlock();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a lock file can only fail after the lock is gone with the descriptor.
        }
    }
}
