package dev.trickle.core.importer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkResult;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.UserQuery;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every user of a source Clerk instance, paged through {@code GET /users} with the client's cursor
 * walk ({@link ClerkClient#forEachPage}): no offsets, so no page is skipped or read twice while the
 * listing grows. The source user's id becomes the legacy id (the target's {@code external_id}); the
 * Backend API never returns password digests, so these users come without one.
 *
 * <p>Backpressure: the walk hands each page to a queue of {@link #QUEUED_PAGES} pages and waits on
 * the source client's own thread until the importer has taken it, so the next page is fetched only
 * when the importer is ready.
 */
final class ClerkApiRowReader implements RowReader {
    static final int PAGE_SIZE = 500;
    private static final int QUEUED_PAGES = 2;

    /** A whole walk of a large instance at its rate limit; a page is fetched only when wanted. */
    private static final Duration WALK_BUDGET = Duration.ofDays(7);

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUED_PAGES + 1);
    private volatile boolean closed;
    private List<ClerkUser> page = List.of();
    private int index;
    private long row;
    private boolean done;

    private sealed interface Item {}

    private record UsersPage(List<ClerkUser> users) implements Item {}

    private record End(Optional<String> failure) implements Item {}

    private ClerkApiRowReader() {}

    static ClerkApiRowReader open(ClerkClient source) {
        ClerkApiRowReader reader = new ClerkApiRowReader();
        source.forEachPage(
                        UserQuery.all(),
                        PAGE_SIZE,
                        source.deadlineAfter(WALK_BUDGET),
                        users -> reader.hand(new UsersPage(users)))
                .whenComplete(
                        (result, error) ->
                                reader.hand(
                                        new End(
                                                error != null
                                                        ? Optional.of(error.toString())
                                                        : failure(result))));
        return reader;
    }

    private static Optional<String> failure(ClerkResult<Long> result) {
        return result.isOk()
                ? Optional.empty()
                : Optional.of(
                        result.error().code() + " (HTTP " + result.error().httpStatus() + ")");
    }

    private void hand(Item item) {
        try {
            while (!closed) {
                if (queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (item instanceof UsersPage) {
            // The importer stopped reading: end the walk here instead of fetching more pages.
            throw new IllegalStateException("import stopped reading the source instance");
        }
    }

    @Override
    public Optional<RawRow> next() throws IOException {
        while (index >= page.size()) {
            if (done) {
                return Optional.empty();
            }
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while paging the source instance");
            }
            if (item instanceof End end) {
                done = true;
                if (end.failure().isPresent()) {
                    throw new IOException(
                            "listing the source Clerk instance failed: " + end.failure().get());
                }
            } else {
                page = ((UsersPage) item).users();
                index = 0;
            }
        }
        row++;
        return Optional.of(new RawRow.Fields(row, canonical(page.get(index++))));
    }

    /** The user in Trickle's generic schema. */
    static ObjectNode canonical(ClerkUser user) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", user.id());
        Optional<ClerkEmailAddress> email =
                user.emailAddresses().stream()
                        .filter(e -> e.id() != null && e.id().equals(user.primaryEmailAddressId()))
                        .findFirst()
                        .or(() -> user.emailAddresses().stream().findFirst());
        email.ifPresent(
                e -> {
                    out.put("email", e.emailAddress());
                    // Clerk's verification status, not "reserved": an address may be neither.
                    out.put("email_verified", e.verified());
                });
        if (user.username() != null) {
            out.put("username", user.username());
        }
        if (user.firstName() != null) {
            out.put("first_name", user.firstName());
        }
        if (user.lastName() != null) {
            out.put("last_name", user.lastName());
        }
        if (user.createdAt() > 0) {
            out.put("created_at", Instant.ofEpochMilli(user.createdAt()).toString());
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}
