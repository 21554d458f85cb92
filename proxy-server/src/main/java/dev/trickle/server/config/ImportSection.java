package dev.trickle.server.config;

import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.config.Secret;
import dev.trickle.core.importer.FirebaseHashConfig;
import dev.trickle.core.importer.ImportSettings;
import dev.trickle.core.importer.PasswordFallback;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code import:} section, read by {@code trickle import} (and validated by {@code serve}, so a
 * shared file is checked the same way by both).
 *
 * @param query the streaming query of {@code --source database}: every user, with the columns of
 *     {@code legacyDatabase.query} and no {@code :identifier}
 * @param fetchSize rows the database sends per round trip of that query
 * @param batchLookups answer the look-ups by {@code external_id} of up to 100 users with one call
 * @param firebase the Firebase project's password hash parameters, for {@code --format firebase}
 * @param sourceClerk the instance {@code --source clerk-api} reads from
 */
public record ImportSection(
        Optional<String> query,
        int fetchSize,
        ImportSettings settings,
        boolean batchLookups,
        Optional<FirebaseHashConfig> firebase,
        Optional<ClerkSettings> sourceClerk) {

    public static final int DEFAULT_FETCH_SIZE = 1000;

    static ImportSection read(ConfigNode node) {
        Optional<String> query = node.optionalString("query");
        query.filter(q -> q.contains(":identifier"))
                .ifPresent(
                        q ->
                                node.problems()
                                        .add(
                                                node.pathOf("query"),
                                                "has an :identifier placeholder (expected: one query"
                                                        + " returning every user)"));
        int fetchSize = node.integer("fetchSize", DEFAULT_FETCH_SIZE, 1, 100_000);
        ImportSettings settings =
                new ImportSettings(
                        node.integer("concurrency", ImportSettings.DEFAULT_CONCURRENCY, 1, 4096),
                        node.enumValue("passwordFallback", PasswordFallback.LEAVE),
                        node.duration(
                                "userDeadline",
                                ImportSettings.DEFAULT_USER_DEADLINE,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(10)),
                        node.duration(
                                "retryFor",
                                ImportSettings.DEFAULT_RETRY_FOR,
                                Duration.ZERO,
                                Duration.ofHours(6)),
                        false);
        boolean batch = node.bool("batchLookups", true);
        Optional<FirebaseHashConfig> firebase = firebase(node.section("firebase"));
        Optional<ClerkSettings> source = sourceClerk(node.section("sourceClerk"));
        node.rejectUnknownKeys();
        return new ImportSection(query, fetchSize, settings, batch, firebase, source);
    }

    private static Optional<FirebaseHashConfig> firebase(ConfigNode node) {
        if (!node.isPresent()) {
            node.rejectUnknownKeys();
            return Optional.empty();
        }
        Optional<Secret> key = node.secret("signerKey");
        String separator = node.string("saltSeparator", "");
        int rounds = node.integer("rounds", 8, 1, 30);
        int memCost = node.integer("memCost", 14, 1, 30);
        node.rejectUnknownKeys();
        if (key.isEmpty()) {
            node.problems()
                    .add(
                            node.pathOf("signerKey"),
                            "missing (expected: the project's base64_signer_key, e.g."
                                    + " ${FIREBASE_SIGNER_KEY})");
            return Optional.empty();
        }
        return Optional.of(new FirebaseHashConfig(key.get(), separator, rounds, memCost));
    }

    private static Optional<ClerkSettings> sourceClerk(ConfigNode node) {
        if (!node.isPresent()) {
            node.rejectUnknownKeys();
            return Optional.empty();
        }
        return Optional.of(MigrationConfig.clerk(node, true, "${SOURCE_CLERK_SECRET_KEY}"));
    }
}
