package dev.trickle.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.MigrationState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The end state every migration must reach: the ledger and Clerk agree, one user each. */
public final class MigratedOnce {
    private MigratedOnce() {}

    /**
     * No external_id twice in Clerk; every migrated ledger row names the one Clerk user with its
     * legacy id; and every one of {@code users} is migrated, with its email.
     */
    public static void assertLedgerAndClerkAgree(
            List<LegacyUser> users, Map<String, LedgerRecord> ledger, List<ClerkUsers.User> clerk) {
        Map<String, Long> perExternalId =
                clerk.stream()
                        .filter(c -> c.externalId().isPresent())
                        .collect(
                                Collectors.groupingBy(
                                        c -> c.externalId().get(), Collectors.counting()));
        assertThat(perExternalId.entrySet())
                .as("external_ids that more than one Clerk user carries")
                .filteredOn(e -> e.getValue() > 1)
                .isEmpty();
        Map<String, ClerkUsers.User> byExternalId = new HashMap<>();
        clerk.forEach(c -> c.externalId().ifPresent(id -> byExternalId.put(id, c)));
        for (LedgerRecord row : ledger.values()) {
            if (row.state() == MigrationState.MIGRATED) {
                ClerkUsers.User c = byExternalId.get(row.legacyId());
                assertThat(c).as("the Clerk user of migrated row " + row.legacyId()).isNotNull();
                assertThat(row.clerkUserId()).as(row.legacyId()).hasValue(c.id());
            }
        }
        Map<String, LegacyUser> expected =
                users.stream().collect(Collectors.toMap(LegacyUser::legacyId, Function.identity()));
        assertThat(byExternalId.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (LegacyUser u : users) {
            assertThat(ledger.get(u.legacyId())).as("ledger row of " + u).isNotNull();
            assertThat(ledger.get(u.legacyId()).state())
                    .as(u.toString())
                    .isEqualTo(MigrationState.MIGRATED);
            assertThat(byExternalId.get(u.legacyId()).email()).isEqualTo(u.email());
        }
    }
}
