package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.core.config.ConfigProblem;
import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.core.credentials.CredentialSource;
import dev.trickle.core.credentials.DuplicatePolicy;
import dev.trickle.core.legacy.LegacyDatabaseSettings;
import dev.trickle.core.login.QueryCondition;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.RouteKind;
import dev.trickle.core.rollout.MigrationMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped stack recipes must load, say what they claim, and read the environment only through
 * the variable names the docs promise (the ITs run them against the real stacks).
 */
final class RecipeConfigTest {
    private static final Path EXAMPLES = Path.of("../deploy/examples");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    private static final Set<String> DOCUMENTED =
            Set.of(
                    "TRICKLE_LISTEN",
                    "TRICKLE_ADMIN_LISTEN",
                    "TRICKLE_LEDGER_URL",
                    "LEGACY_URL",
                    "LEGACY_DB_URL",
                    "LEGACY_DB_USER",
                    "LEGACY_DB_PASSWORD",
                    "CLERK_API_URL",
                    "CLERK_SECRET_KEY",
                    // Devise's config.pepper lives in the app's environment, not its database:
                    // rails-devise.yml takes the same variable, and only when one is set.
                    "DEVISE_PEPPER");
    private static final Map<String, String> DEPLOYMENT =
            Map.of(
                    "TRICKLE_LISTEN", "0.0.0.0:8443",
                    "TRICKLE_ADMIN_LISTEN", "127.0.0.1:9191",
                    "TRICKLE_LEDGER_URL", "jdbc:postgresql://ledger.internal:5432/trickle",
                    "LEGACY_URL", "http://django.internal:8000",
                    "LEGACY_DB_URL", "jdbc:postgresql://db.internal:5432/mysite",
                    "LEGACY_DB_USER", "trickle_reader",
                    "LEGACY_DB_PASSWORD", "reader-secret",
                    "CLERK_API_URL", "https://api.clerk.com/v1",
                    "CLERK_SECRET_KEY", "sk_live_recipeTestKey");

    @Test
    void recipesReadTheEnvironmentOnlyThroughTheDocumentedNames() throws IOException {
        Set<String> files = new TreeSet<>();
        Set<String> referenced = new TreeSet<>();
        try (Stream<Path> recipes = Files.list(EXAMPLES)) {
            for (Path recipe : recipes.toList()) {
                files.add(recipe.getFileName().toString());
                Matcher m = REFERENCE.matcher(Files.readString(recipe));
                while (m.find()) {
                    referenced.add(m.group(1));
                }
            }
        }
        assertThat(files)
                .contains(
                        "django.yml",
                        "json-api.yml",
                        "rails-devise.yml",
                        "laravel.yml",
                        "wordpress.yml");
        assertThat(DOCUMENTED).containsAll(referenced);
        assertThat(referenced).containsAll(DOCUMENTED);
    }

    @Test
    void djangoRecipeChecksTheLoginFormAgainstAuthUser() {
        ProxyConfig config = load("django.yml", DEPLOYMENT);
        assertDeploymentValues(config);
        MigrationConfig migration = config.migration().orElseThrow();
        RouteConfig route = migration.routes().get(0);
        assertThat(migration.routes()).hasSize(1);
        assertThat(route.method()).isEqualTo("POST");
        assertThat(route.path()).isEqualTo("/accounts/login/");
        assertThat(route.credentials())
                .isEqualTo(new CredentialSource.FormFields("username", "password"));
        assertThat(route.verify()).isEqualTo(RouteConfig.Strategy.DATABASE);
        assertThat(route.success().setsCookie()).hasValue("sessionid");
        LegacyDatabaseSettings db = migration.legacyDatabase().orElseThrow();
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/mysite");
        assertThat(db.user()).contains("trickle_reader");
        assertThat(db.password().orElseThrow().reveal()).isEqualTo("reader-secret");
        assertThat(db.query()).contains("FROM auth_user", ":identifier", "is_active");
        assertThat(migration.policy().password()).isEqualTo(MigrationPolicy.PasswordMode.DIGEST);
        assertThat(migration.rollout().mode()).isEqualTo(MigrationMode.MIGRATE);
    }

    @Test
    void jsonRecipeLetsTheAppDecideAndReadsTheIdentityFromItsAnswer() {
        ProxyConfig config = load("json-api.yml", DEPLOYMENT);
        assertDeploymentValues(config);
        MigrationConfig migration = config.migration().orElseThrow();
        RouteConfig route = migration.routes().get(0);
        assertThat(migration.routes()).hasSize(1);
        assertThat(route.path()).isEqualTo("/api/login");
        assertThat(route.credentials()).isInstanceOf(CredentialSource.JsonPointers.class);
        assertThat(route.verify()).isEqualTo(RouteConfig.Strategy.UPSTREAM);
        assertThat(route.success().statuses()).containsExactly(200);
        assertThat(route.success().jsonPointer().orElseThrow()).hasToString("/user/id");
        RouteConfig.Identity.Json identity = (RouteConfig.Identity.Json) route.identity();
        assertThat(identity.pointers().id()).hasToString("/user/id");
        assertThat(identity.pointers().email().orElseThrow()).hasToString("/user/email");
        assertThat(migration.legacyDatabase()).isEmpty();
        assertThat(migration.policy().password()).isEqualTo(MigrationPolicy.PasswordMode.PLAINTEXT);
    }

    @Test
    void deviseRecipeChecksTheSignInFormAgainstEncryptedPasswordWithThePepperOnlyWhenAsked() {
        ProxyConfig config = load("rails-devise.yml", DEPLOYMENT);
        assertDeploymentValues(config);
        MigrationConfig migration = config.migration().orElseThrow();
        RouteConfig route = migration.routes().get(0);
        assertThat(migration.routes()).hasSize(2);
        assertThat(route.path()).isEqualTo("/users/sign_in");
        assertThat(route.credentials())
                .isEqualTo(new CredentialSource.FormFields("user[email]", "user[password]"));
        assertThat(route.verify()).isEqualTo(RouteConfig.Strategy.DATABASE);
        LegacyDatabaseSettings db = migration.legacyDatabase().orElseThrow();
        assertThat(db.query())
                .contains("FROM users", "encrypted_password", "LOWER(TRIM(:identifier))");
        assertThat(db.bcryptPepper()).as("the pepper line ships commented out").isEmpty();
        RouteConfig signup = migration.routes().get(1);
        assertThat(signup.kind()).isEqualTo(RouteKind.SIGNUP);
        assertThat(signup.path()).isEqualTo("/users");
        assertThat(migration.policy().password()).isEqualTo(MigrationPolicy.PasswordMode.DIGEST);
    }

    @Test
    void laravelRecipeChecksTheLoginFormAgainstUsersPassword() {
        ProxyConfig config = load("laravel.yml", DEPLOYMENT);
        assertDeploymentValues(config);
        MigrationConfig migration = config.migration().orElseThrow();
        RouteConfig route = migration.routes().get(0);
        assertThat(migration.routes()).hasSize(2);
        assertThat(route.path()).isEqualTo("/login");
        assertThat(route.credentials())
                .isEqualTo(new CredentialSource.FormFields("email", "password"));
        assertThat(route.verify()).isEqualTo(RouteConfig.Strategy.DATABASE);
        LegacyDatabaseSettings db = migration.legacyDatabase().orElseThrow();
        assertThat(db.query()).contains("FROM users", "email_verified_at", ":identifier");
        RouteConfig signup = migration.routes().get(1);
        assertThat(signup.kind()).isEqualTo(RouteKind.SIGNUP);
        assertThat(signup.path()).isEqualTo("/register");
        assertThat(signup.verify()).isEqualTo(RouteConfig.Strategy.UPSTREAM);
        assertThat(migration.policy().password()).isEqualTo(MigrationPolicy.PasswordMode.DIGEST);
    }

    @Test
    void wordpressRecipeLetsWordPressDecideAndReadsWpUsers() {
        ProxyConfig config = load("wordpress.yml", DEPLOYMENT);
        assertDeploymentValues(config);
        MigrationConfig migration = config.migration().orElseThrow();
        RouteConfig route = migration.routes().get(0);
        assertThat(migration.routes()).hasSize(2);
        assertThat(route.path()).isEqualTo("/wp-login.php");
        assertThat(route.credentials()).isEqualTo(new CredentialSource.FormFields("log", "pwd"));
        assertThat(route.verify()).isEqualTo(RouteConfig.Strategy.UPSTREAM);
        assertThat(route.success().statuses()).containsExactly(302);
        assertThat(route.success().setsCookie()).hasValue("wordpress_logged_in_*");
        assertThat(route.subpaths()).as("PHP runs wp-login.php/anything too").isTrue();
        assertThat(route.query())
                .containsExactly(new QueryCondition("action", Set.of("login"), true));
        assertThat(route.duplicates()).isEqualTo(DuplicatePolicy.LAST);
        assertThat(route.identity())
                .isEqualTo(
                        new RouteConfig.Identity.Database(new RouteConfig.Confirmation.Password()));
        LegacyDatabaseSettings db = migration.legacyDatabase().orElseThrow();
        assertThat(db.query()).contains("FROM wp_users", "wp_usermeta", "user_pass");
        RouteConfig change = migration.routes().get(1);
        assertThat(change.kind()).isEqualTo(RouteKind.PASSWORD_CHANGE);
        assertThat(change.path()).isEqualTo("/wp-admin/profile.php");
        assertThat(change.credentials())
                .isEqualTo(new CredentialSource.FormFields("email", "pass1"));
        assertThat(change.duplicates()).isEqualTo(DuplicatePolicy.LAST);
        assertThat(change.success().setsCookie()).hasValue("wordpress_logged_in_*");
        assertThat(migration.policy().password()).isEqualTo(MigrationPolicy.PasswordMode.DIGEST);
    }

    @Test
    void everyRecipeRouteHasAPositiveSuccessSignalAndSaysHowItsStackReadsRepeatedFields() {
        Map<String, DuplicatePolicy> stackReads =
                Map.of(
                        "django.yml", DuplicatePolicy.LAST,
                        "rails-devise.yml", DuplicatePolicy.LAST,
                        "laravel.yml", DuplicatePolicy.LAST,
                        "wordpress.yml", DuplicatePolicy.LAST,
                        "json-api.yml", DuplicatePolicy.REFUSE);
        stackReads.forEach(
                (recipe, policy) -> {
                    for (RouteConfig route :
                            load(recipe, DEPLOYMENT).migration().orElseThrow().routes()) {
                        assertThat(route.success().hasPositiveSignal())
                                .as("%s %s", recipe, route.name())
                                .isTrue();
                        assertThat(route.duplicates())
                                .as("%s %s", recipe, route.name())
                                .isEqualTo(policy);
                    }
                });
    }

    @Test
    void withOnlyTheSecretsSetTheRecipesListenWhereTheDocsSay() {
        ProxyConfig config =
                load(
                        "django.yml",
                        Map.of(
                                "LEGACY_DB_URL", "jdbc:postgresql://db.internal:5432/mysite",
                                "LEGACY_DB_USER", "trickle_reader",
                                "LEGACY_DB_PASSWORD", "reader-secret",
                                "CLERK_SECRET_KEY", "sk_live_recipeTestKey"));
        assertThat(config.listen().toString()).isEqualTo(ProxyConfig.DEFAULT_LISTEN);
        assertThat(config.admin().listen().toString()).isEqualTo(AdminConfig.DEFAULT_LISTEN);
        assertThat(config.upstream().url().toString()).isEqualTo("http://127.0.0.1:8000");
        MigrationConfig migration = config.migration().orElseThrow();
        assertThat(migration.clerk().apiUrl()).isEqualTo("https://api.clerk.com/v1");
        assertThat(migration.ledger().url()).isEqualTo("jdbc:sqlite:trickle-ledger.db");
    }

    @Test
    void aMissingSecretStopsStartUpNamingItsVariable() {
        assertThat(unsetVariables("django.yml"))
                .containsExactlyInAnyOrder(
                        "LEGACY_DB_URL",
                        "LEGACY_DB_USER",
                        "LEGACY_DB_PASSWORD",
                        "CLERK_SECRET_KEY");
        assertThat(unsetVariables("json-api.yml")).containsExactly("CLERK_SECRET_KEY");
        for (String recipe : List.of("rails-devise.yml", "laravel.yml", "wordpress.yml")) {
            assertThat(unsetVariables(recipe))
                    .as(recipe)
                    .containsExactlyInAnyOrder(
                            "LEGACY_DB_URL",
                            "LEGACY_DB_USER",
                            "LEGACY_DB_PASSWORD",
                            "CLERK_SECRET_KEY");
        }
    }

    private static void assertDeploymentValues(ProxyConfig config) {
        assertThat(config.listen().toString()).isEqualTo("0.0.0.0:8443");
        assertThat(config.admin().listen().toString()).isEqualTo("127.0.0.1:9191");
        assertThat(config.upstream().url().toString()).isEqualTo("http://django.internal:8000");
        MigrationConfig migration = config.migration().orElseThrow();
        assertThat(migration.clerk().apiUrl()).isEqualTo("https://api.clerk.com/v1");
        assertThat(migration.clerk().secretKey().reveal()).isEqualTo("sk_live_recipeTestKey");
        assertThat(migration.ledger().url())
                .isEqualTo("jdbc:postgresql://ledger.internal:5432/trickle");
    }

    private static List<String> unsetVariables(String recipe) {
        Pattern unset = Pattern.compile("environment variable (\\w+) is not set");
        List<String> names = new java.util.ArrayList<>();
        assertThatThrownBy(() -> load(recipe, Map.of()))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e -> {
                            for (ConfigProblem problem : e.problems()) {
                                Matcher m = unset.matcher(problem.message());
                                if (m.find()) {
                                    names.add(m.group(1));
                                }
                            }
                        });
        return names;
    }

    private static ProxyConfig load(String recipe, Map<String, String> environment) {
        return ConfigLoader.withEnvironment(environment::get).load(EXAMPLES.resolve(recipe));
    }
}
