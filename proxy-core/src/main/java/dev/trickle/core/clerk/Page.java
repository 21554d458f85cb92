package dev.trickle.core.clerk;

/**
 * One page of a user listing: up to {@code limit} users after the user with id {@code
 * startingAfter} (cursor paging over the default {@code -created_at} order; {@code null} for the
 * first page).
 */
public record Page(int limit, String startingAfter) {

    public static final int DEFAULT_LIMIT = 100;

    public Page {
        if (limit < 1 || limit > ClerkApi.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "limit: " + limit + " (expected: 1.." + ClerkApi.MAX_PAGE_SIZE + ")");
        }
    }

    public static Page first(int limit) {
        return new Page(limit, null);
    }
}
