package dev.trickle.core.clerk;

/** Answer readers shared by several calls. */
final class ClerkCallReaders {
    private ClerkCallReaders() {}

    /** 200 with a {@code User}. */
    static ClerkCall.ResponseReader<ClerkUser> user() {
        return (status, body) ->
                status == 200 ? ClerkJson.MAPPER.readValue(body, ClerkUser.class) : null;
    }
}
