package dev.trickle.core.clerk;

/** Facts about Clerk's Backend API that the client pins (see shared/clerk/CONTRACT.md). */
public final class ClerkApi {
    /** {@code info.version} of the OpenAPI spec this client was written against. */
    public static final String API_VERSION = "2026-05-12";

    public static final String API_VERSION_HEADER = "Clerk-API-Version";
    public static final String DEFAULT_API_URL = "https://api.clerk.com/v1";

    /** Most values one list or count filter accepts per call. */
    public static final int MAX_FILTER_VALUES = 100;

    /** Largest {@code limit} of one page of users. */
    public static final int MAX_PAGE_SIZE = 500;

    private ClerkApi() {}
}
