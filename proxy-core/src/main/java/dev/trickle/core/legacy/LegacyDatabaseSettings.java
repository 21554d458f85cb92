package dev.trickle.core.legacy;

import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The legacy app's user database, read only, and the query that finds a user by the identifier they
 * logged in with.
 *
 * @param query SQL with {@code :identifier} where the login identifier goes (any number of times).
 *     Its columns are read by name: {@code id} (required), {@code email}, {@code email_verified},
 *     {@code username}, {@code first_name}, {@code last_name}, {@code created_at}, {@code
 *     password_digest}, {@code password_salt}; alias yours to these ({@code password AS
 *     password_digest}).
 * @param countQuery SQL returning one number, the legacy users a migration should reach (e.g.
 *     {@code SELECT COUNT(*) FROM auth_user WHERE is_active}); run now and then for the share
 *     migrated
 * @param bcryptPepper a secret the app appends to every password before bcrypt hashes it (Devise's
 *     {@code config.pepper}); the database never holds it, so it comes from the environment. It is
 *     joined to each plain bcrypt digest read, as {@code $2a$cost$salthash$pepper}: the {@code
 *     bcrypt_peppered} layout the hash library verifies and Clerk imports
 */
public record LegacyDatabaseSettings(
        String jdbcUrl,
        Optional<String> user,
        Optional<Secret> password,
        String query,
        int maxPoolSize,
        Duration connectionTimeout,
        Duration queryTimeout,
        Optional<String> countQuery,
        Optional<Secret> bcryptPepper) {

    public static final int DEFAULT_MAX_POOL_SIZE = 4;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern SUPPORTED_URL =
            Pattern.compile("jdbc:(postgresql|mariadb|mysql|sqlite):.+");

    /**
     * The URL handed to the driver. A {@code jdbc:mysql:} URL is opened by the MariaDB driver the
     * jar carries, which speaks to MySQL servers too but since its version 3 answers only to its
     * own scheme.
     */
    public String connectionUrl() {
        return jdbcUrl.startsWith("jdbc:mysql:")
                ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
                : jdbcUrl;
    }

    /** Adds a problem for each invalid value, under {@code path}. */
    public void validate(ConfigProblems problems, String path) {
        if (!SUPPORTED_URL.matcher(jdbcUrl).matches()) {
            problems.invalid(
                    path + ".url",
                    jdbcUrl,
                    "a jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql: or jdbc:sqlite: URL");
        }
        if (!query.contains(":identifier")) {
            problems.add(
                    path + ".query",
                    "has no :identifier placeholder (expected: e.g. ... WHERE email = :identifier)");
        }
        if (maxPoolSize < 1 || maxPoolSize > 100) {
            problems.invalid(path + ".maxPoolSize", maxPoolSize, "1 to 100");
        }
        // The peppered layout ends at the last '$': a pepper holding one could not be read back.
        if (bcryptPepper.isPresent() && bcryptPepper.get().reveal().indexOf('$') >= 0) {
            problems.add(
                    path + ".bcryptPepper",
                    "<masked> (expected: a pepper without '$', as Devise's SecureRandom.hex"
                            + " ones are)");
        }
    }
}
