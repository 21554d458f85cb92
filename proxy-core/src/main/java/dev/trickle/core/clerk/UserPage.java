package dev.trickle.core.clerk;

import java.util.List;
import java.util.Optional;

/** Users of one {@link Page}, and the page after it unless this one was the last. */
public record UserPage(List<ClerkUser> users, Page page) {

    public UserPage {
        users = List.copyOf(users);
    }

    /** A short page is the last one (Clerk's documented stop condition). */
    public Optional<Page> next() {
        if (users.size() < page.limit()) {
            return Optional.empty();
        }
        return Optional.of(new Page(page.limit(), users.get(users.size() - 1).id()));
    }
}
