package dev.trickle.server.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.recipes.DeviseSite.DeviseUser;
import dev.trickle.server.recipes.DeviseSite.UserSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code deploy/examples/rails-devise.yml}, unchanged, in front of a Rails application
 * with Debian's Devise: its stock {@code /users/sign_in} form and authenticity token, its {@code
 * users} table with Devise's bcrypt (cost 12) digests read through a role that may only SELECT on
 * {@code users}, and the Clerk emulator behind; then the recipe's pepper line against an app that
 * sets {@code config.pepper}.
 */
final class DeviseRecipeIT {
    private static final Path RECIPE = Path.of("../deploy/examples/rails-devise.yml");
    private static final String SESSION = "_devise_app_session";
    private static final String PEPPER_LINE = "  # bcryptPepper: ${DEVISE_PEPPER}\n";

    private static final List<UserSpec> USERS =
            List.of(
                    new UserSpec("ada@example.com", "analytical engine 1843"),
                    new UserSpec("grace@example.com", "Cöbol & compilers 1959"));

    @TempDir static Path shared;
    private static DeviseSite devise;
    private static ClerkUsers clerk;

    @TempDir Path dir;
    private ProxyApplication trickle;

    @BeforeAll
    static void startStack() throws Exception {
        devise = DeviseSite.start(shared.resolve("app"), USERS, Optional.empty());
        clerk = ClerkUsers.start(shared.resolve("clerk-state.json"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (clerk != null) {
            clerk.close();
        }
        if (devise != null) {
            devise.close();
        }
    }

    @BeforeEach
    void startTrickle() throws InterruptedException {
        clerk.reset();
        trickle = ProxyApplication.start(loader(devise, Map.of()).load(RECIPE));
    }

    /** The deployment's environment, pointed at {@code app}. */
    private ConfigLoader loader(DeviseSite app, Map<String, String> more) {
        RecipeEnvironment env =
                RecipeEnvironment.of(dir, app.baseUri(), clerk)
                        .withDatabase(
                                app.jdbcUrl(),
                                app.readerRole(),
                                RecipeEnvironment.TRUST_AUTH_PASSWORD);
        more.forEach(env::with);
        return env.loader();
    }

    @AfterEach
    void stopTrickle() {
        trickle.close();
    }

    @Test
    void eachSignInMovesTheUserToClerkOnceWithTheirDeviseDigest() throws Exception {
        Map<String, String> typedByEmail =
                Map.of(
                        "ada@example.com",
                        "ada@example.com",
                        "grace@example.com",
                        " Grace@Example.COM ");
        for (Map.Entry<String, String> entry : typedByEmail.entrySet()) {
            DeviseUser user = devise.user(entry.getKey());
            assertThat(user.digestPrefix()).isEqualTo("$2a$12$");
            Browser browser = new Browser(throughTrickle());
            Browser.Answer login = signIn(browser, entry.getValue(), user.spec().password());
            assertThat(login.status()).as(entry.getValue()).isEqualTo(302);
            assertThat(login.location()).isEqualTo(throughTrickle() + "/");
            assertThat(login.cookiesSet()).contains(SESSION);
            assertThat(browser.home()).isEqualTo("signed in as " + user.spec().email());

            JsonNode moved = clerk.byExternalId(user.id()).orElseThrow();
            JsonNode email = moved.path("email_addresses").path(0);
            assertThat(email.path("email_address").asText()).isEqualTo(user.spec().email());
            assertThat(email.path("verification").path("status").asText()).isEqualTo("unverified");
            assertThat(moved.path("created_at").asLong())
                    .isEqualTo(user.createdAt().toEpochMilli());
            assertThat(clerk.passwordHasher(user.id())).contains("bcrypt");
            String clerkId = moved.path("id").asText();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password())).isTrue();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password() + "!")).isFalse();
        }
        for (UserSpec spec : USERS) {
            assertThat(
                            signIn(new Browser(throughTrickle()), spec.email(), spec.password())
                                    .status())
                    .isEqualTo(302);
        }
        assertThat(clerk.emulator().userCount()).isEqualTo(USERS.size());
        assertThat(clerk.creates()).isEqualTo(USERS.size());
    }

    @Test
    void signInsDeviseRefusesAreAnsweredByDeviseAndMoveNobody() throws Exception {
        List<Browser.Answer> refused =
                List.of(
                        signIn(new Browser(throughTrickle()), "ada@example.com", "analytical"),
                        signIn(new Browser(throughTrickle()), "nobody@example.com", "whatever 1"));
        for (Browser.Answer answer : refused) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).contains("Invalid Email or password.");
        }
        assertThat(clerk.byExternalId(devise.user("ada@example.com").id())).isEmpty();
        assertThat(clerk.emulator().userCount()).isZero();
        assertThat(clerk.creates()).isZero();
    }

    @Test
    void theAnswerThroughTrickleIsDevisesOwn() throws Exception {
        String password = devise.user("grace@example.com").spec().password();
        Browser.Answer direct =
                signIn(new Browser(devise.baseUri()), "grace@example.com", password);
        Browser.Answer proxied =
                signIn(new Browser(throughTrickle()), "grace@example.com", password);
        // Rails writes absolute redirects from the Host header Trickle passes on unchanged.
        assertThat(sameSite(proxied, throughTrickle()))
                .isEqualTo(sameSite(direct, devise.baseUri()));
        assertThat(direct.shape())
                .isEqualTo(List.of(302, devise.baseUri() + "/", List.of(SESSION)));

        Browser.Answer directWrong =
                signIn(new Browser(devise.baseUri()), "grace@example.com", "x");
        Browser.Answer proxiedWrong =
                signIn(new Browser(throughTrickle()), "grace@example.com", "x");
        assertThat(proxiedWrong.shape()).isEqualTo(directWrong.shape());
        assertThat(directWrong.status()).isEqualTo(200);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void withTheDatabaseCheckASignInRailsRefusesMovesNobodyEvenWithTheRightPassword()
            throws Exception {
        DeviseUser ada = devise.user("ada@example.com");
        Browser.Answer forged =
                new Browser(throughTrickle())
                        .postForm(
                                "/users/sign_in",
                                form("forged", ada.spec().email(), ada.spec().password()));
        assertThat(forged.status()).isEqualTo(422);
        assertThat(clerk.emulator().requests())
                .as("a refused sign-in never reaches Clerk")
                .isEmpty();
        assertThat(clerk.byExternalId(ada.id())).isEmpty();
    }

    @Test
    void aRepeatedEmailFieldMovesOnlyTheUserRackReadsAndAListIsRefused() throws Exception {
        DeviseUser ada = devise.user("ada@example.com");
        DeviseUser grace = devise.user("grace@example.com");
        Browser browser = new Browser(throughTrickle());
        String token =
                Browser.hiddenField(browser.open("/users/sign_in").body(), "authenticity_token");
        String prefix =
                "authenticity_token=" + encode(token) + "&user%5Bemail%5D=ada%40example.com";
        String password = "&user%5Bpassword%5D=" + encode(grace.spec().password());

        Browser.Answer twice =
                browser.postRawForm(
                        "/users/sign_in",
                        prefix + "&user%5Bemail%5D=grace%40example.com" + password);
        assertThat(twice.status()).as("Rack reads the last email: grace").isEqualTo(302);
        assertThat(browser.home()).isEqualTo("signed in as grace@example.com");
        assertThat(clerk.byExternalId(ada.id())).isEmpty();
        assertThat(clerk.byExternalId(grace.id())).isPresent();

        Browser other = new Browser(throughTrickle());
        String otherToken =
                Browser.hiddenField(other.open("/users/sign_in").body(), "authenticity_token");
        Browser.Answer list =
                other.postRawForm(
                        "/users/sign_in",
                        "authenticity_token="
                                + encode(otherToken)
                                + "&user%5Bemail%5D=ada%40example.com"
                                + "&user%5Bemail%5D%5B%5D=grace%40example.com"
                                + password);
        assertThat(list.status()).isEqualTo(400);
        assertThat(list.body()).contains("sent as a list or map");
        assertThat(clerk.creates()).isEqualTo(1);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void thePepperLineLetsTrickleCheckDigestsOfAnAppThatSetsConfigPepper() throws Exception {
        String pepper = "5f1d3c9be0a74e6b8a21c4f0d9e87b63";
        List<UserSpec> specs = List.of(new UserSpec("alan@example.com", "enigma+bombe=1940"));
        try (DeviseSite peppered =
                DeviseSite.start(dir.resolve("peppered"), specs, Optional.of(pepper))) {
            DeviseUser alan = peppered.user("alan@example.com");
            trickle.close();
            trickle = ProxyApplication.start(loader(peppered, Map.of()).load(RECIPE));
            Browser.Answer unpeppered =
                    signIn(
                            new Browser(throughTrickle()),
                            alan.spec().email(),
                            alan.spec().password());
            assertThat(unpeppered.status()).as("Devise itself lets alan in").isEqualTo(302);
            assertThat(clerk.creates()).as("the digest alone does not match").isZero();

            String recipe = Files.readString(RECIPE);
            assertThat(recipe).contains(PEPPER_LINE);
            trickle.close();
            trickle =
                    ProxyApplication.start(
                            loader(peppered, Map.of("DEVISE_PEPPER", pepper))
                                    .parse(
                                            recipe.replace(
                                                    PEPPER_LINE,
                                                    "  bcryptPepper: ${DEVISE_PEPPER}\n")));
            assertThat(
                            signIn(new Browser(throughTrickle()), alan.spec().email(), "enigma")
                                    .status())
                    .isEqualTo(200);
            assertThat(clerk.creates()).isZero();
            Browser.Answer login =
                    signIn(
                            new Browser(throughTrickle()),
                            alan.spec().email(),
                            alan.spec().password());
            assertThat(login.status()).isEqualTo(302);
            JsonNode moved = clerk.byExternalId(alan.id()).orElseThrow();
            assertThat(clerk.passwordHasher(alan.id())).contains("bcrypt_peppered");
            String clerkId = moved.path("id").asText();
            assertThat(clerk.verifiesPassword(clerkId, alan.spec().password())).isTrue();
            assertThat(clerk.verifiesPassword(clerkId, alan.spec().password() + pepper)).isFalse();
            assertThat(clerk.emulator().userCount()).isEqualTo(1);
        }
    }

    @Test
    void aSignUpDeviseAcceptsCreatesTheClerkUserTooAndARefusedOneCreatesNobody() throws Exception {
        Browser browser = new Browser(throughTrickle());
        Browser.Answer signUp = signUp(browser, "barbara@example.com", "substitution principle");
        assertThat(signUp.status()).isEqualTo(302);
        assertThat(signUp.location()).isEqualTo(throughTrickle() + "/");
        assertThat(browser.home()).isEqualTo("signed in as barbara@example.com");

        String id = devise.value("SELECT id FROM users WHERE email = 'barbara@example.com'");
        JsonNode created = clerk.byExternalId(id).orElseThrow();
        JsonNode email = created.path("email_addresses").path(0);
        assertThat(email.path("email_address").asText()).isEqualTo("barbara@example.com");
        assertThat(email.path("verification").path("status").asText()).isEqualTo("unverified");
        assertThat(clerk.passwordHasher(id)).contains("bcrypt");
        assertThat(clerk.verifiesPassword(created.path("id").asText(), "substitution principle"))
                .isTrue();

        Browser.Answer taken =
                signUp(new Browser(throughTrickle()), "ada@example.com", "another password 1");
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.body()).contains("Email has already been taken");
        assertThat(clerk.byExternalId(devise.user("ada@example.com").id())).isEmpty();
        assertThat(clerk.creates()).isEqualTo(1);
    }

    private static Browser.Answer signUp(Browser browser, String email, String password)
            throws Exception {
        Browser.Answer page = browser.open("/users/sign_up");
        assertThat(page.status()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("authenticity_token", Browser.hiddenField(page.body(), "authenticity_token"));
        form.put("user[email]", email);
        form.put("user[password]", password);
        form.put("user[password_confirmation]", password);
        form.put("commit", "Sign up");
        return browser.postForm("/users", form);
    }

    /** Opens the sign-in page, then submits its form with the authenticity token it carried. */
    private static Browser.Answer signIn(Browser browser, String email, String password)
            throws Exception {
        Browser.Answer page = browser.open("/users/sign_in");
        assertThat(page.status()).isEqualTo(200);
        String token = Browser.hiddenField(page.body(), "authenticity_token");
        return browser.postForm("/users/sign_in", form(token, email, password));
    }

    private static Map<String, String> form(String token, String email, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("authenticity_token", token);
        form.put("user[email]", email);
        form.put("user[password]", password);
        form.put("user[remember_me]", "0");
        form.put("commit", "Log in");
        return form;
    }

    /** The answer's shape with its redirect made relative to the site it came from. */
    private static List<Object> sameSite(Browser.Answer answer, URI site) {
        return List.of(
                answer.status(),
                answer.location().replace(site.toString(), ""),
                answer.cookiesSet());
    }

    private URI throughTrickle() {
        return URI.create("http://127.0.0.1:" + trickle.proxyAddress().getPort());
    }
}
