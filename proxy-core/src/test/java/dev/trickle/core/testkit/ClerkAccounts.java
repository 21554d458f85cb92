package dev.trickle.core.testkit;

import dev.trickle.core.clerk.ClerkEmailAddress;
import dev.trickle.core.clerk.ClerkFailure;
import dev.trickle.core.clerk.ClerkUser;
import dev.trickle.core.clerk.CreateUserRequest;
import dev.trickle.core.clerk.IdentificationStatus;
import dev.trickle.core.clerk.UpdateUserRequest;
import dev.trickle.core.clerk.UserQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users of {@link InMemoryClerk}, with Clerk's uniqueness rules: one user per {@code
 * external_id}, per email address and per username. Not thread-safe: the client holds its lock.
 */
final class ClerkAccounts {
    /** One user as Clerk keeps it; read as a {@link ClerkUser} snapshot. */
    private static final class Account {
        final String id;
        final long createdAt;
        String externalId;
        String username;
        String firstName;
        String lastName;
        String password;
        String passwordDigest;
        final List<ClerkEmailAddress> emails = new ArrayList<>();
        String primaryEmailId;
        final Map<String, Object> publicMetadata = new LinkedHashMap<>();
        final Map<String, Object> privateMetadata = new LinkedHashMap<>();
        long updatedAt;

        Account(String id, long now) {
            this.id = id;
            this.createdAt = now;
            this.updatedAt = now;
        }

        InMemoryClerk.StoredUser stored() {
            ClerkUser user =
                    new ClerkUser(
                            id,
                            externalId,
                            username,
                            firstName,
                            lastName,
                            primaryEmailId,
                            List.copyOf(emails),
                            password != null || passwordDigest != null,
                            Map.copyOf(publicMetadata),
                            Map.copyOf(privateMetadata),
                            false,
                            false,
                            createdAt,
                            updatedAt,
                            null);
            return new InMemoryClerk.StoredUser(
                    user, Optional.ofNullable(password), Optional.ofNullable(passwordDigest));
        }
    }

    private final Map<String, Account> byId = new LinkedHashMap<>();
    private int nextId;

    /** Why Clerk would refuse this user, if it would. */
    Optional<ClerkFailure> refusal(CreateUserRequest request) {
        if (request.externalId() != null && withExternalId(request.externalId()).isPresent()) {
            return Optional.of(ClerkFailure.EXTERNAL_ID_TAKEN);
        }
        boolean taken =
                emails(request).stream().anyMatch(e -> holder(e).isPresent())
                        || (request.username() != null
                                && withUsername(request.username()).isPresent());
        return taken ? Optional.of(ClerkFailure.IDENTIFIER_EXISTS) : Optional.empty();
    }

    ClerkUser create(CreateUserRequest request, long now) {
        Account account = new Account("user_" + (++nextId), now);
        account.externalId = request.externalId();
        account.username = request.username();
        account.firstName = request.firstName();
        account.lastName = request.lastName();
        account.password = request.password();
        account.passwordDigest = request.passwordDigest();
        List<String> emails = emails(request);
        for (int i = 0; i < emails.size(); i++) {
            IdentificationStatus status =
                    request.emailAddressIdentificationStatus() == null
                            ? IdentificationStatus.VERIFIED
                            : request.emailAddressIdentificationStatus().get(i);
            addEmail(account, emails.get(i), status, i == 0);
        }
        byId.put(account.id, account);
        return account.stored().user();
    }

    Optional<InMemoryClerk.StoredUser> get(String userId) {
        return Optional.ofNullable(byId.get(userId)).map(Account::stored);
    }

    Optional<InMemoryClerk.StoredUser> withExternalId(String externalId) {
        return byId.values().stream()
                .filter(a -> externalId.equals(a.externalId))
                .findFirst()
                .map(Account::stored);
    }

    List<InMemoryClerk.StoredUser> all() {
        return byId.values().stream().map(Account::stored).toList();
    }

    /** Oldest first; Clerk answers newest first, which the client does. */
    List<ClerkUser> matching(UserQuery query) {
        return byId.values().stream()
                .filter(
                        a ->
                                query.field() == null
                                        || query.values().stream()
                                                .anyMatch(v -> matches(query.field(), v, a)))
                .map(a -> a.stored().user())
                .toList();
    }

    Optional<ClerkFailure> update(String userId, UpdateUserRequest request, long now) {
        Account account = byId.get(userId);
        if (account == null) {
            return Optional.of(ClerkFailure.NOT_FOUND);
        }
        if (request.externalId() != null
                && withExternalId(request.externalId())
                        .filter(other -> !other.user().id().equals(userId))
                        .isPresent()) {
            return Optional.of(ClerkFailure.EXTERNAL_ID_TAKEN);
        }
        if (request.externalId() != null) {
            account.externalId = request.externalId();
        }
        if (request.username() != null) {
            account.username = request.username();
        }
        if (request.firstName() != null) {
            account.firstName = request.firstName();
        }
        if (request.lastName() != null) {
            account.lastName = request.lastName();
        }
        if (request.password() != null || request.passwordDigest() != null) {
            // A new password replaces the old one, whichever form each came in.
            account.password = request.password();
            account.passwordDigest = request.passwordDigest();
        }
        account.updatedAt = now;
        return Optional.empty();
    }

    Optional<ClerkFailure> addEmail(
            String userId, String email, IdentificationStatus status, boolean primary) {
        Account account = byId.get(userId);
        if (account == null) {
            return Optional.of(ClerkFailure.NOT_FOUND);
        }
        if (holder(email).isPresent()) {
            return Optional.of(ClerkFailure.IDENTIFIER_EXISTS);
        }
        addEmail(account, email, status, primary);
        return Optional.empty();
    }

    ClerkEmailAddress email(String userId, String email) {
        return byId.get(userId).emails.stream()
                .filter(e -> e.emailAddress().equalsIgnoreCase(email))
                .findFirst()
                .orElseThrow();
    }

    Optional<ClerkFailure> mergeMetadata(
            String userId,
            Map<String, Object> publicPart,
            Map<String, Object> privatePart,
            long now) {
        Account account = byId.get(userId);
        if (account == null) {
            return Optional.of(ClerkFailure.NOT_FOUND);
        }
        if (publicPart != null) {
            account.publicMetadata.putAll(publicPart);
        }
        if (privatePart != null) {
            account.privateMetadata.putAll(privatePart);
        }
        account.updatedAt = now;
        return Optional.empty();
    }

    Optional<InMemoryClerk.StoredUser> remove(String userId) {
        return Optional.ofNullable(byId.remove(userId)).map(Account::stored);
    }

    private void addEmail(
            Account account, String email, IdentificationStatus status, boolean primary) {
        ClerkEmailAddress address =
                new ClerkEmailAddress(
                        "idn_" + (++nextId),
                        email,
                        status == IdentificationStatus.RESERVED,
                        new ClerkEmailAddress.Verification(
                                status == IdentificationStatus.VERIFIED
                                        ? "verified"
                                        : "unverified"));
        account.emails.add(address);
        if (primary || account.primaryEmailId == null) {
            account.primaryEmailId = address.id();
        }
    }

    private Optional<Account> holder(String email) {
        return byId.values().stream()
                .filter(a -> matches(UserQuery.Field.EMAIL_ADDRESS, email, a))
                .findFirst();
    }

    private Optional<Account> withUsername(String username) {
        return byId.values().stream().filter(a -> username.equals(a.username)).findFirst();
    }

    private static boolean matches(UserQuery.Field field, String value, Account account) {
        return switch (field) {
            case EXTERNAL_ID -> value.equals(account.externalId);
            case USERNAME -> value.equals(account.username);
            case EMAIL_ADDRESS ->
                    account.emails.stream().anyMatch(e -> value.equalsIgnoreCase(e.emailAddress()));
        };
    }

    private static List<String> emails(CreateUserRequest request) {
        return request.emailAddress() == null ? List.of() : request.emailAddress();
    }
}
