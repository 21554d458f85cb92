package dev.trickle.server.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.recipes.DjangoSite.DjangoUser;
import dev.trickle.server.recipes.DjangoSite.UserSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code deploy/examples/json-api.yml}, unchanged, in front of a real JSON login (a
 * Django view at {@code /api/login} that authenticates by email and answers with the user): the app
 * decides, and the identity Clerk gets is the one in the app's answer.
 */
final class JsonApiRecipeIT {
    private static final Path RECIPE = Path.of("../deploy/examples/json-api.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

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
                            "alan",
                            "alan@example.com",
                            "Alan",
                            "Turing",
                            "enigma+bombe=1940",
                            "argon2",
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
    private static DjangoSite app;
    private static ClerkUsers clerk;

    @TempDir Path dir;
    private ProxyApplication trickle;

    @BeforeAll
    static void startStack() throws Exception {
        app = DjangoSite.start(shared.resolve("site"), USERS);
        clerk = ClerkUsers.start(shared.resolve("clerk-state.json"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (clerk != null) {
            clerk.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void startTrickle() throws InterruptedException {
        clerk.reset();
        trickle =
                ProxyApplication.start(
                        RecipeEnvironment.of(dir, app.baseUri(), clerk).loader().load(RECIPE));
    }

    @AfterEach
    void stopTrickle() {
        trickle.close();
    }

    @Test
    void aLoginTheAppAcceptsMovesTheUserOnceWithTheIdentityOfItsAnswer() throws Exception {
        for (String username : List.of("ada", "alan")) {
            DjangoUser user = app.user(username);
            // The app matches emails case-insensitively; Clerk must get the address it stores.
            String typed = user.spec().email().toUpperCase(Locale.ROOT);
            Browser.Answer login = logIn(typed, user.spec().password());
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.cookiesSet()).contains("sessionid");
            assertThat(JSON.readTree(login.body()).at("/user/id").asText()).isEqualTo(user.id());

            JsonNode moved = clerk.byExternalId(user.id()).orElseThrow();
            assertThat(moved.path("username").asText()).isEqualTo(username);
            assertThat(moved.path("first_name").asText()).isEqualTo(user.spec().firstName());
            assertThat(moved.path("last_name").asText()).isEqualTo(user.spec().lastName());
            JsonNode email = moved.path("email_addresses").path(0);
            assertThat(email.path("email_address").asText()).isEqualTo(user.spec().email());
            assertThat(moved.path("created_at").asLong())
                    .isEqualTo(user.dateJoined().toEpochMilli());
            // The answer carries no digest: Clerk hashed the password the app had just accepted.
            assertThat(clerk.passwordHasher(user.id())).isEmpty();
            String clerkId = moved.path("id").asText();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password())).isTrue();
            assertThat(clerk.verifiesPassword(clerkId, "analytical engine")).isFalse();
        }
        assertThat(logIn("ada@example.com", app.user("ada").spec().password()).status())
                .isEqualTo(200);
        assertThat(clerk.emulator().userCount()).isEqualTo(2);
        assertThat(clerk.creates()).isEqualTo(2);
    }

    @Test
    void loginsTheAppRefusesAreAnsweredByItAndMoveNobody() throws Exception {
        DjangoUser ken = app.user("ken");
        assertThat(logIn("ada@example.com", "analytical engine").status()).isEqualTo(401);
        assertThat(logIn("nobody@example.com", "whatever 123").status()).isEqualTo(401);
        assertThat(logIn(ken.spec().email(), ken.spec().password()).status()).isEqualTo(401);
        Browser.Answer malformed =
                new Browser(throughTrickle()).postJson("/api/login", "{\"email\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(clerk.emulator().userCount()).isZero();
        assertThat(clerk.creates()).isZero();
    }

    @Test
    void theAnswerThroughTrickleIsTheAppsOwn() throws Exception {
        String json = login("alan@example.com", app.user("alan").spec().password());
        Browser.Answer direct = new Browser(app.baseUri()).postJson("/api/login", json);
        Browser.Answer proxied = new Browser(throughTrickle()).postJson("/api/login", json);
        assertThat(proxied.shape()).isEqualTo(direct.shape());
        assertThat(proxied.body()).isEqualTo(direct.body());

        String wrong = login("alan@example.com", "enigma");
        Browser.Answer directWrong = new Browser(app.baseUri()).postJson("/api/login", wrong);
        Browser.Answer proxiedWrong = new Browser(throughTrickle()).postJson("/api/login", wrong);
        assertThat(proxiedWrong.shape()).isEqualTo(directWrong.shape());
        assertThat(proxiedWrong.body()).isEqualTo(directWrong.body());
    }

    private Browser.Answer logIn(String email, String password) throws Exception {
        return new Browser(throughTrickle()).postJson("/api/login", login(email, password));
    }

    private static String login(String email, String password) {
        return JSON.createObjectNode().put("email", email).put("password", password).toString();
    }

    private URI throughTrickle() {
        return URI.create("http://127.0.0.1:" + trickle.proxyAddress().getPort());
    }
}
