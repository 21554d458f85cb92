package dev.trickle.server.recipes;

import dev.trickle.server.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment variables a shipped recipe reads, pointed at one test's stack: both listeners on
 * free loopback ports, a scratch SQLite ledger, the legacy app (and its database, for recipes that
 * read it) and the Clerk emulator.
 */
final class RecipeEnvironment {
    /** The local test PostgreSQL trusts loopback connections; a real role has a password. */
    static final String TRUST_AUTH_PASSWORD = "unused-under-trust-auth";

    private final Map<String, String> variables = new HashMap<>();

    private RecipeEnvironment(Path dir, URI legacyUrl, ClerkUsers clerk) {
        variables.put("TRICKLE_LISTEN", "127.0.0.1:0");
        variables.put("TRICKLE_ADMIN_LISTEN", "127.0.0.1:0");
        variables.put("TRICKLE_LEDGER_URL", "jdbc:sqlite:" + dir.resolve("ledger.db"));
        variables.put("LEGACY_URL", legacyUrl.toString());
        variables.put("CLERK_API_URL", clerk.apiUrl().toString());
        variables.put("CLERK_SECRET_KEY", clerk.secretKey());
    }

    static RecipeEnvironment of(Path dir, URI legacyUrl, ClerkUsers clerk) {
        return new RecipeEnvironment(dir, legacyUrl, clerk);
    }

    RecipeEnvironment withDatabase(String jdbcUrl, String user, String password) {
        return with("LEGACY_DB_URL", jdbcUrl)
                .with("LEGACY_DB_USER", user)
                .with("LEGACY_DB_PASSWORD", password);
    }

    RecipeEnvironment with(String name, String value) {
        variables.put(name, value);
        return this;
    }

    ConfigLoader loader() {
        Map<String, String> copy = Map.copyOf(variables);
        return ConfigLoader.withEnvironment(copy::get);
    }
}
