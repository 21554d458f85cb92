package dev.trickle.server.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The emulated instance's users, with Clerk's uniqueness rules on email (case-insensitive),
 * username and external_id. Indexed by each, so uniqueness checks and filtered look-ups stay
 * constant-time at a hundred thousand users, and kept in created_at order so listing never sorts.
 * Optionally written to a JSON file after every change (to a temporary file, then moved into place,
 * so a crash leaves the previous state intact).
 */
final class UserStore {
    private static final Comparator<EmulatedUser> CREATED_ORDER =
            Comparator.comparingLong(EmulatedUser::createdAt).thenComparing(EmulatedUser::id);

    private final Map<String, EmulatedUser> byId = new HashMap<>();
    private final NavigableSet<EmulatedUser> byCreatedAt = new TreeSet<>(CREATED_ORDER);
    private final Map<String, String> idByExternalId = new HashMap<>();
    private final Map<String, String> idByUsername = new HashMap<>();
    private final Map<String, String> idByEmail = new HashMap<>();
    private final Optional<Path> stateFile;

    UserStore(Optional<Path> stateFile) {
        this.stateFile = stateFile;
        stateFile.filter(Files::exists).ifPresent(this::load);
    }

    synchronized int size() {
        return byId.size();
    }

    synchronized Optional<EmulatedUser> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Which unique identifier of {@code candidate} another user already holds, if any. */
    synchronized Optional<String> conflict(EmulatedUser candidate) {
        if (heldByOther(idByExternalId, candidate.externalId(), candidate)) {
            return Optional.of("external_id");
        }
        if (heldByOther(idByUsername, foldOrNull(candidate.username()), candidate)) {
            return Optional.of("username");
        }
        for (EmulatedUser.Email email : candidate.emails()) {
            if (heldByOther(idByEmail, UserFilter.fold(email.address()), candidate)) {
                return Optional.of("email_address");
            }
        }
        return Optional.empty();
    }

    synchronized void put(EmulatedUser user) {
        index(user);
        save();
    }

    synchronized Optional<EmulatedUser> remove(String id) {
        EmulatedUser removed = byId.get(id);
        if (removed != null) {
            unindex(removed);
            save();
        }
        return Optional.ofNullable(removed);
    }

    synchronized void clear() {
        byId.clear();
        byCreatedAt.clear();
        idByExternalId.clear();
        idByUsername.clear();
        idByEmail.clear();
        save();
    }

    /**
     * Users matching {@code filter}, ordered by created_at ({@code descending} as Clerk's default).
     * A filter on ids, external ids, emails or usernames is answered from the matching index.
     */
    synchronized List<EmulatedUser> find(UserFilter filter, boolean descending) {
        Optional<Collection<String>> candidates = candidateIds(filter);
        if (candidates.isEmpty()) {
            return (descending ? byCreatedAt.descendingSet() : byCreatedAt)
                    .stream().filter(filter::matches).toList();
        }
        Comparator<EmulatedUser> order = descending ? CREATED_ORDER.reversed() : CREATED_ORDER;
        return candidates.get().stream()
                .distinct()
                .map(byId::get)
                .filter(u -> u != null && filter.matches(u))
                .sorted(order)
                .toList();
    }

    private Optional<Collection<String>> candidateIds(UserFilter filter) {
        if (!filter.userIds().isEmpty()) {
            return Optional.of(filter.userIds());
        }
        if (!filter.externalIds().isEmpty()) {
            return Optional.of(lookUp(idByExternalId, filter.externalIds()));
        }
        if (!filter.emails().isEmpty()) {
            return Optional.of(lookUp(idByEmail, filter.emails()));
        }
        if (!filter.usernames().isEmpty()) {
            return Optional.of(lookUp(idByUsername, filter.usernames()));
        }
        return Optional.empty();
    }

    private static List<String> lookUp(Map<String, String> index, List<String> keys) {
        List<String> ids = new ArrayList<>();
        for (String key : keys) {
            String id = index.get(key);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static boolean heldByOther(
            Map<String, String> index, String key, EmulatedUser candidate) {
        if (key == null) {
            return false;
        }
        String holder = index.get(key);
        return holder != null && !holder.equals(candidate.id());
    }

    private void index(EmulatedUser user) {
        EmulatedUser previous = byId.get(user.id());
        if (previous != null) {
            unindex(previous);
        }
        byId.put(user.id(), user);
        byCreatedAt.add(user);
        putKey(idByExternalId, user.externalId(), user);
        putKey(idByUsername, foldOrNull(user.username()), user);
        user.emails().forEach(e -> putKey(idByEmail, UserFilter.fold(e.address()), user));
    }

    private void unindex(EmulatedUser user) {
        byId.remove(user.id());
        byCreatedAt.remove(user);
        removeKey(idByExternalId, user.externalId(), user);
        removeKey(idByUsername, foldOrNull(user.username()), user);
        user.emails().forEach(e -> removeKey(idByEmail, UserFilter.fold(e.address()), user));
    }

    private static void putKey(Map<String, String> index, String key, EmulatedUser user) {
        if (key != null) {
            index.put(key, user.id());
        }
    }

    private static void removeKey(Map<String, String> index, String key, EmulatedUser user) {
        if (key != null) {
            index.remove(key, user.id());
        }
    }

    private static String foldOrNull(String value) {
        return value == null ? null : UserFilter.fold(value);
    }

    private void save() {
        if (stateFile.isEmpty()) {
            return;
        }
        Path file = stateFile.get();
        try {
            Path temp =
                    Files.createTempFile(
                            file.toAbsolutePath().getParent(),
                            file.getFileName().toString(),
                            ".tmp");
            EmulatorJson.MAPPER.writeValue(temp.toFile(), new ArrayList<>(byCreatedAt));
            Files.move(
                    temp,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write emulator state to " + file, e);
        }
    }

    private void load(Path file) {
        try {
            List<EmulatedUser> users =
                    EmulatorJson.MAPPER.readValue(
                            file.toFile(), new TypeReference<List<EmulatedUser>>() {});
            users.forEach(this::index);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read emulator state from " + file, e);
        }
    }
}
