package dev.trickle.core.migration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trickle.core.clerk.ClerkClient;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.ratelimit.Deadline;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional, until cutover: profile changes the legacy system shows on a migrated user's later
 * logins (email, username, names) are copied to Clerk. Each user's last seen profile is kept in
 * memory, so Clerk is read once per user and process and written only when something changed; the
 * client's per-user update limit paces the writes. A changed email is added as the new primary
 * address, verified only as {@link EmailTrust} allows; the old one stays, as in Clerk's own flow.
 */
final class ProfileSync {
    private static final Logger log = LoggerFactory.getLogger(ProfileSync.class);
    private static final Duration BUDGET = Duration.ofSeconds(10);

    /** The fields compared; emails case-insensitively. */
    record Profile(
            Optional<String> email,
            Optional<String> username,
            Optional<String> firstName,
            Optional<String> lastName) {

        static Profile of(LegacyIdentity identity) {
            return new Profile(
                    identity.email().map(e -> e.toLowerCase(Locale.ROOT)),
                    identity.username(),
                    identity.firstName(),
                    identity.lastName());
        }

        static Profile of(ClerkUser user) {
            return new Profile(
                    user.primaryEmailAddress().map(e -> e.toLowerCase(Locale.ROOT)),
                    Optional.ofNullable(user.username()),
                    Optional.ofNullable(user.firstName()),
                    Optional.ofNullable(user.lastName()));
        }
    }

    private final ClerkClient clerk;
    private final EmailTrust emails;
    private final boolean enabled;
    private final Cache<String, Profile> synced =
            Caffeine.newBuilder().maximumSize(1_000_000).build();

    /**
     * @param enabled {@code migration.syncProfile}: otherwise nothing is ever synced
     */
    ProfileSync(ClerkClient clerk, EmailTrust emails, boolean enabled) {
        this.clerk = clerk;
        this.emails = emails;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    /** In the background when enabled: the login does not wait for a profile update. */
    void syncIfEnabled(LegacyIdentity identity, String clerkUserId, String requestId) {
        if (enabled) {
            sync(identity, clerkUserId, requestId);
        }
    }

    /** Compares and, if the legacy profile moved on, updates Clerk; never fails. */
    CompletableFuture<Boolean> sync(LegacyIdentity identity, String clerkUserId, String requestId) {
        Profile legacy = Profile.of(identity);
        Profile last = synced.getIfPresent(identity.legacyId());
        if (legacy.equals(last)) {
            return CompletableFuture.completedFuture(false);
        }
        Deadline deadline = clerk.deadlineAfter(BUDGET);
        CompletableFuture<Optional<Profile>> current =
                last != null
                        ? CompletableFuture.completedFuture(Optional.of(last))
                        : clerk.getUser(clerkUserId, deadline)
                                .thenApply(
                                        r ->
                                                r.isOk()
                                                        ? Optional.of(Profile.of(r.value()))
                                                        : Optional.empty());
        return current.thenCompose(
                        clerkSide -> {
                            if (clerkSide.isEmpty()) {
                                return CompletableFuture.completedFuture(false);
                            }
                            if (clerkSide.get().equals(legacy)) {
                                synced.put(identity.legacyId(), legacy);
                                return CompletableFuture.completedFuture(false);
                            }
                            return write(identity, clerkUserId, clerkSide.get(), legacy, deadline)
                                    .thenApply(
                                            written -> {
                                                if (written) {
                                                    synced.put(identity.legacyId(), legacy);
                                                    log.atInfo()
                                                            .addKeyValue("request_id", requestId)
                                                            .addKeyValue(
                                                                    "legacy_id",
                                                                    identity.legacyId())
                                                            .addKeyValue(
                                                                    "clerk_user_id", clerkUserId)
                                                            .log("profile synced to Clerk");
                                                }
                                                return written;
                                            });
                        })
                .exceptionally(e -> false);
    }

    private CompletableFuture<Boolean> write(
            LegacyIdentity identity,
            String clerkUserId,
            Profile clerkSide,
            Profile legacy,
            Deadline deadline) {
        CompletableFuture<Boolean> names = CompletableFuture.completedFuture(true);
        boolean namesDiffer =
                !Objects.equals(clerkSide.username(), legacy.username())
                        || !Objects.equals(clerkSide.firstName(), legacy.firstName())
                        || !Objects.equals(clerkSide.lastName(), legacy.lastName());
        if (namesDiffer) {
            names =
                    clerk.updateUser(
                                    clerkUserId,
                                    UpdateUserRequest.profile(
                                            legacy.username().orElse(null),
                                            legacy.firstName().orElse(null),
                                            legacy.lastName().orElse(null)),
                                    deadline)
                            .thenApply(r -> r.isOk());
        }
        if (legacy.email().isEmpty() || legacy.email().equals(clerkSide.email())) {
            return names;
        }
        return names.thenCompose(
                ok ->
                        clerk.createEmailAddress(
                                        clerkUserId,
                                        identity.email().orElseThrow(),
                                        emails.verifiedInLegacy(identity),
                                        true,
                                        deadline)
                                .thenApply(r -> ok && r.isOk()));
    }
}
