package dev.trickle.server.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.recipes.DjangoSite.DjangoUser;
import dev.trickle.server.recipes.DjangoSite.UserSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code deploy/examples/django.yml}, unchanged, in front of a real Django site: its
 * stock login form, its {@code auth_user} digests in each format Django ships, read through a role
 * that may only SELECT on {@code auth_user}, and the Clerk emulator behind.
 */
final class DjangoRecipeIT {
    private static final Path RECIPE = Path.of("../deploy/examples/django.yml");

    /** One active user per Django hasher, with the hasher Clerk must end up checking with. */
    private static final Map<String, String> CLERK_HASHER_BY_USER =
            Map.of(
                    "ada", "pbkdf2_sha256_django",
                    "grace", "pbkdf2_sha1",
                    "alan", "argon2id",
                    "barbara", "bcrypt_sha256_django");

    private static final List<UserSpec> USERS =
            List.of(
                    new UserSpec(
                            "ada",
                            "ada@example.com",
                            "Ada",
                            "Lovelace",
                            "analytical engine 1843",
                            "default",
                            true),
                    new UserSpec(
                            "grace",
                            "grace@example.com",
                            "Grace",
                            "Hopper",
                            "Cöbol & compilers 1959",
                            "pbkdf2_sha1",
                            true),
                    new UserSpec(
                            "alan",
                            "alan@example.com",
                            "Alan",
                            "Turing",
                            "enigma+bombe=1940",
                            "argon2",
                            true),
                    new UserSpec(
                            "barbara",
                            "barbara@example.com",
                            "Barbara",
                            "Liskov",
                            "substitution principle",
                            "bcrypt_sha256",
                            true),
                    new UserSpec(
                            "ken",
                            "ken@example.com",
                            "Ken",
                            "Thompson",
                            "unix since 1969",
                            "default",
                            false));

    @TempDir static Path shared;
    private static DjangoSite django;
    private static ClerkUsers clerk;

    @TempDir Path dir;
    private ProxyApplication trickle;

    @BeforeAll
    static void startStack() throws Exception {
        django = DjangoSite.start(shared.resolve("site"), USERS);
        clerk = ClerkUsers.start(shared.resolve("clerk-state.json"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (clerk != null) {
            clerk.close();
        }
        if (django != null) {
            django.close();
        }
    }

    @BeforeEach
    void startTrickle() throws InterruptedException {
        clerk.reset();
        trickle = ProxyApplication.start(loader().load(RECIPE));
    }

    /** The deployment's environment, pointed at the stack this class runs. */
    private ConfigLoader loader() {
        return RecipeEnvironment.of(dir, django.baseUri(), clerk)
                .withDatabase(
                        django.jdbcUrl(),
                        django.readerRole(),
                        RecipeEnvironment.TRUST_AUTH_PASSWORD)
                .loader();
    }

    @AfterEach
    void stopTrickle() {
        trickle.close();
    }

    @Test
    void eachDjangoHasherMovesItsUserToClerkExactlyOnceWithADigestClerkChecks() throws Exception {
        for (String username : CLERK_HASHER_BY_USER.keySet()) {
            DjangoUser user = django.user(username);
            Browser browser = new Browser(throughTrickle());
            Browser.Answer login = browser.logInWithForm(username, user.spec().password());
            assertThat(login.status()).as(username).isEqualTo(302);
            assertThat(login.location()).isEqualTo("/");
            assertThat(login.cookiesSet()).contains("sessionid");
            assertThat(browser.home()).isEqualTo("signed in as " + username);

            JsonNode moved = clerk.byExternalId(user.id()).orElseThrow();
            assertThat(moved.path("username").asText()).isEqualTo(username);
            assertThat(moved.path("first_name").asText()).isEqualTo(user.spec().firstName());
            assertThat(moved.path("last_name").asText()).isEqualTo(user.spec().lastName());
            JsonNode email = moved.path("email_addresses").path(0);
            assertThat(email.path("email_address").asText()).isEqualTo(user.spec().email());
            // Django never verified the address: Clerk keeps it reserved for this user.
            assertThat(email.path("verification").path("status").asText()).isEqualTo("unverified");
            assertThat(moved.path("created_at").asLong())
                    .isEqualTo(user.dateJoined().toEpochMilli());
            assertThat(clerk.passwordHasher(user.id()))
                    .as("%s's %s digest imported as is", username, user.digestPrefix())
                    .contains(CLERK_HASHER_BY_USER.get(username));
            String clerkId = moved.path("id").asText();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password())).isTrue();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password() + "!")).isFalse();
        }
        assertThat(django.users().stream().map(DjangoUser::digestPrefix))
                .contains("pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256");

        for (String username : CLERK_HASHER_BY_USER.keySet()) {
            Browser.Answer again =
                    new Browser(throughTrickle())
                            .logInWithForm(username, django.user(username).spec().password());
            assertThat(again.status()).isEqualTo(302);
        }
        assertThat(clerk.emulator().userCount()).isEqualTo(CLERK_HASHER_BY_USER.size());
        assertThat(clerk.creates()).isEqualTo(CLERK_HASHER_BY_USER.size());
    }

    @Test
    void loginsDjangoRefusesAreAnsweredByDjangoAndMoveNobody() throws Exception {
        DjangoUser ada = django.user("ada");
        DjangoUser ken = django.user("ken");
        List<Browser.Answer> refused =
                List.of(
                        new Browser(throughTrickle()).logInWithForm("ada", "analytical engine"),
                        new Browser(throughTrickle()).logInWithForm("ADA", ada.spec().password()),
                        new Browser(throughTrickle()).logInWithForm("ken", ken.spec().password()),
                        new Browser(throughTrickle()).logInWithForm("nobody", "whatever 123"));
        for (Browser.Answer answer : refused) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.cookiesSet()).doesNotContain("sessionid");
            assertThat(answer.body()).contains("Please enter a correct username and password");
        }
        assertThat(clerk.byExternalId(ada.id())).isEmpty();
        assertThat(clerk.byExternalId(ken.id())).isEmpty();
        assertThat(clerk.emulator().userCount()).isZero();
        assertThat(clerk.creates()).isZero();
    }

    @Test
    void theAnswerThroughTrickleIsDjangosOwn() throws Exception {
        DjangoUser barbara = django.user("barbara");
        String password = barbara.spec().password();
        Browser.Answer direct = new Browser(django.baseUri()).logInWithForm("barbara", password);
        Browser.Answer proxied = new Browser(throughTrickle()).logInWithForm("barbara", password);
        assertThat(proxied.shape()).isEqualTo(direct.shape());
        assertThat(direct.shape()).isEqualTo(List.of(302, "/", List.of("csrftoken", "sessionid")));

        Browser.Answer directWrong = new Browser(django.baseUri()).logInWithForm("barbara", "x");
        Browser.Answer proxiedWrong = new Browser(throughTrickle()).logInWithForm("barbara", "x");
        assertThat(proxiedWrong.shape()).isEqualTo(directWrong.shape());
        assertThat(directWrong.status()).isEqualTo(200);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void theUpstreamAlternativeTheRecipeDescribesReadsDjangosAnswer() throws Exception {
        String upstream =
                uncomment(
                        Files.readString(RECIPE).replace("    verify: database\n", ""),
                        "    # verify: upstream\n");
        assertThat(upstream).doesNotContain("verify: database");
        restartWith(upstream);
        DjangoUser ada = django.user("ada");

        Browser.Answer refused =
                new Browser(throughTrickle()).logInWithForm("ada", "analytical engine");
        assertThat(refused.status()).isEqualTo(200);
        Browser.Answer forged =
                new Browser(throughTrickle())
                        .logInWithoutOpeningThePage("ada", ada.spec().password());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(clerk.creates()).isZero();

        Browser.Answer login =
                new Browser(throughTrickle()).logInWithForm("ada", ada.spec().password());
        assertThat(login.status()).isEqualTo(302);
        JsonNode moved = clerk.byExternalId(ada.id()).orElseThrow();
        assertThat(moved.path("username").asText()).isEqualTo("ada");
        assertThat(clerk.verifiesPassword(moved.path("id").asText(), ada.spec().password()))
                .isTrue();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);

        // The typed username names ada, Django signs barbara in: ada's digest is not her password.
        DjangoUser barbara = django.user("barbara");
        restartWith(upstream.replace("duplicates: last}", "duplicates: first}"));
        Browser.Answer twice =
                new Browser(throughTrickle())
                        .logInWithRawCredentials(
                                "username=grace&username=barbara&password="
                                        + encode(barbara.spec().password()));
        assertThat(twice.status()).isEqualTo(302);
        assertThat(clerk.byExternalId(django.user("grace").id())).isEmpty();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void withTheDatabaseCheckALoginDjangoRefusesMovesNobodyEvenWithTheRightPassword()
            throws Exception {
        DjangoUser grace = django.user("grace");
        Browser.Answer forged =
                new Browser(throughTrickle())
                        .logInWithoutOpeningThePage("grace", grace.spec().password());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(clerk.emulator().requests()).as("a refused login never reaches Clerk").isEmpty();
        assertThat(clerk.byExternalId(grace.id())).isEmpty();
    }

    @Test
    void aRepeatedUsernameMovesOnlyTheUserDjangoSignedInAndOnlyWithTheirOwnPassword()
            throws Exception {
        DjangoUser victim = django.user("ada");
        DjangoUser attacker = django.user("barbara");
        String forged =
                "username=ada&username=barbara&password=" + encode(attacker.spec().password());

        // As shipped: QueryDict reads the last username, and so does Trickle.
        Browser browser = new Browser(throughTrickle());
        assertThat(browser.logInWithRawCredentials(forged).status()).isEqualTo(302);
        assertThat(browser.home()).isEqualTo("signed in as barbara");
        assertThat(clerk.byExternalId(victim.id())).isEmpty();
        assertThat(clerk.byExternalId(attacker.id())).isPresent();

        // Read first-wins: Trickle checks the attacker's password against the victim's digest.
        restartWith(Files.readString(RECIPE).replace("duplicates: last}", "duplicates: first}"));
        assertThat(new Browser(throughTrickle()).logInWithRawCredentials(forged).status())
                .isEqualTo(302);
        assertThat(clerk.byExternalId(victim.id())).as("the victim stays unmoved").isEmpty();

        // Without a declared rule the request is refused and Django never sees it.
        restartWith(Files.readString(RECIPE).replace(", duplicates: last}", "}"));
        Browser.Answer refused = new Browser(throughTrickle()).logInWithRawCredentials(forged);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.cookiesSet()).doesNotContain("sessionid");
        assertThat(clerk.byExternalId(victim.id())).isEmpty();
        assertThat(clerk.creates()).isEqualTo(1);
    }

    private void restartWith(String recipe) throws InterruptedException {
        trickle.close();
        trickle = ProxyApplication.start(loader().parse(recipe));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aLoginCurlPostsAsMultipartFormDataMovesTheUserToo() throws Exception {
        DjangoUser grace = django.user("grace");
        Path jar = dir.resolve("curl-cookies.txt");
        String loginPage = throughTrickle().resolve("/accounts/login/").toString();
        String page = curl("-c", jar.toString(), loginPage);
        String token = Browser.hiddenField(page, "csrfmiddlewaretoken");

        String answer =
                curl(
                        "-b",
                        jar.toString(),
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code} %{redirect_url}",
                        "--form-string",
                        "csrfmiddlewaretoken=" + token,
                        "--form-string",
                        "username=grace",
                        "--form-string",
                        "password=" + grace.spec().password(),
                        loginPage);

        assertThat(answer).as("Django accepted curl's multipart post").startsWith("302 ");
        JsonNode moved = clerk.byExternalId(grace.id()).orElseThrow();
        assertThat(clerk.verifiesPassword(moved.path("id").asText(), grace.spec().password()))
                .isTrue();
        assertThat(clerk.creates()).isEqualTo(1);
    }

    /** Runs the real curl, as a user's script would, and returns what it printed. */
    private static String curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(arguments));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = curl.getInputStream().readAllBytes();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String printed = new String(output, StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as(printed).isZero();
        return printed;
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
