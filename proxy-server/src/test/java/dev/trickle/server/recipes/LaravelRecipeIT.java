package dev.trickle.server.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.recipes.LaravelSite.LaravelUser;
import dev.trickle.server.recipes.LaravelSite.UserSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code deploy/examples/laravel.yml}, unchanged, in front of a Laravel application on
 * Debian's framework: its {@code /login} form and CSRF token, its {@code users} table with bcrypt
 * and argon2id digests Laravel made, read through an account that may only SELECT on {@code users},
 * and the Clerk emulator behind.
 */
final class LaravelRecipeIT {
    private static final Path RECIPE = Path.of("../deploy/examples/laravel.yml");
    private static final String SESSION = "laravel_session";

    /** Clerk's hasher for each user's Laravel digest. */
    private static final Map<String, String> CLERK_HASHER_BY_EMAIL =
            Map.of("ada@example.com", "bcrypt", "alan@example.com", "argon2id");

    private static final List<UserSpec> USERS =
            List.of(
                    new UserSpec(
                            "Ada Lovelace",
                            "ada@example.com",
                            "analytical engine 1843",
                            "bcrypt",
                            true),
                    new UserSpec(
                            "Alan Turing",
                            "alan@example.com",
                            "enigma+bombe=1940",
                            "argon2id",
                            false),
                    new UserSpec(
                            "Grace Hopper",
                            "grace@example.com",
                            "Cöbol & compilers 1959",
                            "bcrypt",
                            false));

    @TempDir static Path shared;
    private static LaravelSite laravel;
    private static ClerkUsers clerk;

    @TempDir Path dir;
    private ProxyApplication trickle;

    @BeforeAll
    static void startStack() throws Exception {
        laravel = LaravelSite.start(shared.resolve("app"), USERS);
        clerk = ClerkUsers.start(shared.resolve("clerk-state.json"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (clerk != null) {
            clerk.close();
        }
        if (laravel != null) {
            laravel.close();
        }
    }

    @BeforeEach
    void startTrickle() throws InterruptedException {
        clerk.reset();
        trickle = ProxyApplication.start(loader().load(RECIPE));
    }

    /** The deployment's environment, pointed at the stack this class runs. */
    private ConfigLoader loader() {
        MariaDbDatabase db = laravel.database();
        return RecipeEnvironment.of(dir, laravel.baseUri(), clerk)
                .withDatabase(db.jdbcUrl(), db.reader(), db.readerPassword())
                .loader();
    }

    @AfterEach
    void stopTrickle() {
        trickle.close();
    }

    @Test
    void eachLoginMovesTheUserToClerkOnceWithTheirBcryptOrArgon2Digest() throws Exception {
        for (Map.Entry<String, String> entry : CLERK_HASHER_BY_EMAIL.entrySet()) {
            LaravelUser user = laravel.user(entry.getKey());
            Browser browser = new Browser(throughTrickle());
            Browser.Answer login =
                    logIn(browser, " " + user.spec().email(), user.spec().password());
            assertThat(login.status()).as(user.spec().email()).isEqualTo(302);
            assertThat(login.location()).isEqualTo(throughTrickle() + "/dashboard");
            assertThat(login.cookiesSet()).contains(SESSION);
            assertThat(browser.open("/dashboard").body())
                    .isEqualTo("signed in as " + user.spec().email());

            JsonNode moved = clerk.byExternalId(user.id()).orElseThrow();
            assertThat(moved.path("first_name").asText()).isEqualTo(user.spec().name());
            JsonNode email = moved.path("email_addresses").path(0);
            assertThat(email.path("email_address").asText()).isEqualTo(user.spec().email());
            assertThat(email.path("verification").path("status").asText())
                    .as("email_verified_at is %s", user.spec().verified() ? "set" : "NULL")
                    .isEqualTo(user.spec().verified() ? "verified" : "unverified");
            assertThat(moved.path("created_at").asLong())
                    .isEqualTo(user.createdAt().toEpochMilli());
            assertThat(clerk.passwordHasher(user.id())).contains(entry.getValue());
            String clerkId = moved.path("id").asText();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password())).isTrue();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password() + "!")).isFalse();
        }
        assertThat(laravel.users().stream().map(LaravelUser::digestPrefix))
                .contains("$2y$", "$arg");
        for (String email : CLERK_HASHER_BY_EMAIL.keySet()) {
            Browser.Answer again =
                    logIn(
                            new Browser(throughTrickle()),
                            email,
                            laravel.user(email).spec().password());
            assertThat(again.status()).isEqualTo(302);
        }
        assertThat(clerk.emulator().userCount()).isEqualTo(CLERK_HASHER_BY_EMAIL.size());
        assertThat(clerk.creates()).isEqualTo(CLERK_HASHER_BY_EMAIL.size());
    }

    @Test
    void loginsLaravelRefusesAreAnsweredByLaravelAndMoveNobody() throws Exception {
        List<Browser.Answer> refused =
                List.of(
                        logIn(new Browser(throughTrickle()), "ada@example.com", "analytical"),
                        logIn(new Browser(throughTrickle()), "nobody@example.com", "whatever 1"));
        for (Browser.Answer answer : refused) {
            assertThat(answer.status()).isEqualTo(302);
            assertThat(answer.location()).isEqualTo(throughTrickle() + "/login");
        }
        Browser browser = new Browser(throughTrickle());
        logIn(browser, "grace@example.com", "wrong");
        assertThat(browser.open("/login").body())
                .contains("These credentials do not match our records.");
        assertThat(clerk.emulator().userCount()).isZero();
        assertThat(clerk.creates()).isZero();
    }

    @Test
    void theAnswerThroughTrickleIsLaravelsOwn() throws Exception {
        String password = laravel.user("grace@example.com").spec().password();
        Browser.Answer direct =
                logIn(new Browser(laravel.baseUri()), "grace@example.com", password);
        Browser.Answer proxied =
                logIn(new Browser(throughTrickle()), "grace@example.com", password);
        // Laravel writes absolute redirects from the Host header Trickle passes on unchanged.
        assertThat(sameSite(proxied, throughTrickle()))
                .isEqualTo(sameSite(direct, laravel.baseUri()));
        assertThat(sameSite(direct, laravel.baseUri()))
                .isEqualTo(List.of(302, "/dashboard", List.of("XSRF-TOKEN", SESSION)));

        Browser.Answer directWrong =
                logIn(new Browser(laravel.baseUri()), "grace@example.com", "x");
        Browser.Answer proxiedWrong =
                logIn(new Browser(throughTrickle()), "grace@example.com", "x");
        assertThat(sameSite(proxiedWrong, throughTrickle()))
                .isEqualTo(sameSite(directWrong, laravel.baseUri()));
        assertThat(sameSite(directWrong, laravel.baseUri()).get(1)).isEqualTo("/login");
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void withTheDatabaseCheckALoginLaravelRefusesMovesNobodyEvenWithTheRightPassword()
            throws Exception {
        LaravelUser alan = laravel.user("alan@example.com");
        Browser.Answer forged =
                new Browser(throughTrickle())
                        .postForm(
                                "/login",
                                form("forged", alan.spec().email(), alan.spec().password()));
        assertThat(forged.status()).isEqualTo(419);
        assertThat(clerk.emulator().requests()).as("a refused login never reaches Clerk").isEmpty();
        assertThat(clerk.byExternalId(alan.id())).isEmpty();
    }

    @Test
    void theUpstreamAlternativeTheRecipeDescribesReadsLaravelsAnswer() throws Exception {
        String upstream =
                uncomment(
                        Files.readString(RECIPE).replace("    verify: database\n", ""),
                        "    # verify: upstream\n");
        trickle.close();
        trickle = ProxyApplication.start(loader().parse(upstream));
        LaravelUser alan = laravel.user("alan@example.com");

        assertThat(logIn(new Browser(throughTrickle()), alan.spec().email(), "enigma").status())
                .isEqualTo(302);
        Browser.Answer forged =
                new Browser(throughTrickle())
                        .postForm(
                                "/login",
                                form("forged", alan.spec().email(), alan.spec().password()));
        assertThat(forged.status()).isEqualTo(419);
        assertThat(clerk.creates()).as("Laravel refused both").isZero();

        Browser.Answer login =
                logIn(new Browser(throughTrickle()), alan.spec().email(), alan.spec().password());
        assertThat(login.location()).endsWith("/dashboard");
        JsonNode moved = clerk.byExternalId(alan.id()).orElseThrow();
        assertThat(clerk.verifiesPassword(moved.path("id").asText(), alan.spec().password()))
                .isTrue();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void aSignUpLaravelAcceptsCreatesTheClerkUserTooAndARefusedOneCreatesNobody() throws Exception {
        Browser browser = new Browser(throughTrickle());
        Browser.Answer signUp =
                signUp(browser, "Barbara Liskov", "barbara@example.com", "substitution principle");
        assertThat(signUp.status()).isEqualTo(302);
        assertThat(signUp.location()).isEqualTo(throughTrickle() + "/dashboard");
        assertThat(browser.open("/dashboard").body()).isEqualTo("signed in as barbara@example.com");

        String id =
                laravel.database()
                        .value("SELECT id FROM users WHERE email = 'barbara@example.com'");
        JsonNode created = clerk.byExternalId(id).orElseThrow();
        assertThat(created.path("first_name").asText()).isEqualTo("Barbara Liskov");
        JsonNode email = created.path("email_addresses").path(0);
        assertThat(email.path("email_address").asText()).isEqualTo("barbara@example.com");
        assertThat(email.path("verification").path("status").asText()).isEqualTo("unverified");
        assertThat(clerk.verifiesPassword(created.path("id").asText(), "substitution principle"))
                .isTrue();

        Browser.Answer taken =
                signUp(
                        new Browser(throughTrickle()),
                        "Someone Else",
                        "ada@example.com",
                        "another password 1");
        assertThat(taken.location()).isEqualTo(throughTrickle() + "/register");
        assertThat(clerk.byExternalId(laravel.user("ada@example.com").id())).isEmpty();
        assertThat(clerk.creates()).isEqualTo(1);
    }

    private static Browser.Answer signUp(
            Browser browser, String name, String email, String password) throws Exception {
        Browser.Answer page = browser.open("/register");
        assertThat(page.status()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_token", Browser.hiddenField(page.body(), "_token"));
        form.put("name", name);
        form.put("email", email);
        form.put("password", password);
        form.put("password_confirmation", password);
        return browser.postForm("/register", form);
    }

    /** Opens the login page, then submits its form with the CSRF token it carried. */
    private static Browser.Answer logIn(Browser browser, String email, String password)
            throws Exception {
        Browser.Answer page = browser.open("/login");
        assertThat(page.status()).isEqualTo(200);
        return browser.postForm(
                "/login", form(Browser.hiddenField(page.body(), "_token"), email, password));
    }

    private static Map<String, String> form(String token, String email, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_token", token);
        form.put("email", email);
        form.put("password", password);
        return form;
    }

    /** The answer's shape with its redirect made relative to the site it came from. */
    private static List<Object> sameSite(Browser.Answer answer, URI site) {
        return List.of(
                answer.status(),
                answer.location().replace(site.toString(), ""),
                answer.cookiesSet());
    }

    /** Removes the comment mark from one line of the recipe, failing if the line is not there. */
    private static String uncomment(String recipe, String commentedLine) {
        assertThat(recipe).contains(commentedLine);
        return recipe.replace(commentedLine, commentedLine.replaceFirst("# ", ""));
    }

    private URI throughTrickle() {
        return URI.create("http://127.0.0.1:" + trickle.proxyAddress().getPort());
    }
}
