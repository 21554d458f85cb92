package dev.trickle.server.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class UserStoreTest {
    private final UserStore store = new UserStore(Optional.empty());

    @Test
    void identifiersAreTakenCaseInsensitivelyExceptExternalId() {
        store.put(user("user_1", "legacy-1", "Alice", 10, "Alice@Example.com"));

        assertThat(store.conflict(user("user_2", "legacy-2", null, 20, "alice@example.COM")))
                .contains("email_address");
        assertThat(store.conflict(user("user_2", "legacy-2", "ALICE", 20))).contains("username");
        assertThat(store.conflict(user("user_2", "legacy-1", null, 20))).contains("external_id");
        assertThat(store.conflict(user("user_2", "LEGACY-1", null, 20))).isEmpty();
        assertThat(store.conflict(user("user_1", "legacy-1", "alice", 10, "alice@example.com")))
                .as("a user never conflicts with itself")
                .isEmpty();
    }

    @Test
    void changedIdentifiersFreeTheOldOnesAndTakeTheNewOnes() {
        store.put(user("user_1", "legacy-1", "alice", 10, "alice@example.com"));
        store.put(user("user_1", "legacy-9", "alicia", 10, "alicia@example.com"));

        assertThat(store.conflict(user("user_2", "legacy-1", "alice", 20, "alice@example.com")))
                .isEmpty();
        assertThat(store.conflict(user("user_2", "legacy-9", null, 20))).contains("external_id");
        assertThat(find(Map.of("email_address", List.of("alice@example.com")))).isEmpty();
        assertThat(find(Map.of("email_address", List.of("ALICIA@example.com"))))
                .containsExactly("user_1");
    }

    @Test
    void removedUsersReleaseEveryIdentifier() {
        store.put(user("user_1", "legacy-1", "alice", 10, "alice@example.com"));
        assertThat(store.remove("user_1")).isPresent();

        assertThat(store.conflict(user("user_2", "legacy-1", "alice", 20, "alice@example.com")))
                .isEmpty();
        assertThat(find(Map.of("external_id", List.of("legacy-1")))).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void filtersCombineAndResultsFollowCreatedAt() {
        store.put(user("user_b", "legacy-b", "bob", 30, "bob@example.com"));
        store.put(user("user_a", "legacy-a", "ann", 10, "ann@example.com"));
        store.put(user("user_c", "legacy-c", "cat", 20, "cat@example.com"));

        assertThat(find(Map.of())).containsExactly("user_b", "user_c", "user_a");
        assertThat(store.find(UserFilter.of(Map.of()), false))
                .extracting(EmulatedUser::id)
                .containsExactly("user_a", "user_c", "user_b");
        assertThat(find(Map.of("external_id", List.of("legacy-a", "legacy-b", "legacy-a", "x"))))
                .containsExactly("user_b", "user_a");
        assertThat(
                        find(
                                Map.of(
                                        "external_id", List.of("legacy-a", "legacy-b"),
                                        "username", List.of("BOB"))))
                .containsExactly("user_b");
        assertThat(find(Map.of("query", List.of("CAT@")))).containsExactly("user_c");
        assertThat(find(Map.of("user_id", List.of("user_a", "user_gone"))))
                .containsExactly("user_a");
    }

    @Test
    void aReloadedStateFileIsIndexedAgain(@TempDir Path dir) {
        Path file = dir.resolve("state.json");
        new UserStore(Optional.of(file))
                .put(user("user_1", "legacy-1", "alice", 10, "alice@example.com"));

        UserStore reloaded = new UserStore(Optional.of(file));

        assertThat(reloaded.conflict(user("user_2", null, null, 20, "ALICE@example.com")))
                .contains("email_address");
        assertThat(reloaded.find(UserFilter.of(Map.of("external_id", List.of("legacy-1"))), true))
                .extracting(EmulatedUser::id)
                .containsExactly("user_1");
    }

    private List<String> find(Map<String, List<String>> query) {
        return store.find(UserFilter.of(query), true).stream().map(EmulatedUser::id).toList();
    }

    private static EmulatedUser user(
            String id, String externalId, String username, long createdAt, String... emails) {
        List<EmulatedUser.Email> addresses =
                Arrays.stream(emails)
                        .map(a -> new EmulatedUser.Email("idn_" + a, a, false, true, createdAt))
                        .toList();
        return new EmulatedUser(
                id,
                externalId,
                username,
                "First",
                "Last",
                addresses,
                null,
                null,
                null,
                null,
                null,
                createdAt,
                createdAt);
    }
}
