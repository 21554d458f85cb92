package dev.trickle.server.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The emulated instance's users, with Clerk's uniqueness rules on email (case-insensitive),
 * username and external_id. Optionally written to a JSON file after every change (to a temporary
 * file, then moved into place, so a crash leaves the previous state intact).
 */
final class UserStore {
    private final Map<String, EmulatedUser> byId = new LinkedHashMap<>();
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
        for (EmulatedUser other : byId.values()) {
            if (other.id().equals(candidate.id())) {
                continue;
            }
            if (candidate.externalId() != null
                    && candidate.externalId().equals(other.externalId())) {
                return Optional.of("external_id");
            }
            if (candidate.username() != null
                    && candidate.username().equalsIgnoreCase(nullToEmpty(other.username()))) {
                return Optional.of("username");
            }
            for (EmulatedUser.Email email : candidate.emails()) {
                for (EmulatedUser.Email taken : other.emails()) {
                    if (email.address().equalsIgnoreCase(taken.address())) {
                        return Optional.of("email_address");
                    }
                }
            }
        }
        return Optional.empty();
    }

    synchronized void put(EmulatedUser user) {
        byId.put(user.id(), user);
        save();
    }

    synchronized Optional<EmulatedUser> remove(String id) {
        EmulatedUser removed = byId.remove(id);
        if (removed != null) {
            save();
        }
        return Optional.ofNullable(removed);
    }

    synchronized void clear() {
        byId.clear();
        save();
    }

    /**
     * Users matching {@code filter}, ordered by created_at ({@code descending} as Clerk's default).
     */
    synchronized List<EmulatedUser> find(Predicate<EmulatedUser> filter, boolean descending) {
        Comparator<EmulatedUser> order =
                Comparator.comparingLong(EmulatedUser::createdAt).thenComparing(EmulatedUser::id);
        return byId.values().stream()
                .filter(filter)
                .sorted(descending ? order.reversed() : order)
                .toList();
    }

    static boolean hasEmail(EmulatedUser user, String address) {
        String wanted = address.toLowerCase(Locale.ROOT);
        return user.emails().stream()
                .anyMatch(e -> e.address().toLowerCase(Locale.ROOT).equals(wanted));
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
            EmulatorJson.MAPPER.writeValue(temp.toFile(), new ArrayList<>(byId.values()));
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
            users.forEach(u -> byId.put(u.id(), u));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read emulator state from " + file, e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
