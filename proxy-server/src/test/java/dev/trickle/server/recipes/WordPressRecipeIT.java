package dev.trickle.server.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.core.migration.MigrationMeters;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.recipes.WordPressSite.UserSpec;
import dev.trickle.server.recipes.WordPressSite.WordPressUser;
import dev.trickle.server.testing.RawHttpConnection;
import io.micrometer.core.instrument.Counter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * The shipped {@code deploy/examples/wordpress.yml}, unchanged, in front of Debian's WordPress: its
 * own {@code wp-login.php}, its {@code wp_users} phpass digests, read through an account that may
 * only SELECT on {@code wp_users} and {@code wp_usermeta}, and the Clerk emulator behind.
 */
final class WordPressRecipeIT {
    private static final Path RECIPE = Path.of("../deploy/examples/wordpress.yml");
    private static final String LOGGED_IN = "wordpress_logged_in_";

    private static final List<UserSpec> USERS =
            List.of(
                    new UserSpec(
                            "ada", "ada@example.com", "Ada", "Lovelace", "analytical engine 1843"),
                    new UserSpec(
                            "grace",
                            "grace@example.com",
                            "Grace",
                            "Hopper",
                            "Cöbol & compilers 1959"),
                    new UserSpec("alan", "alan@example.com", "Alan", "Turing", "enigma+bombe"),
                    new UserSpec("linus", "linus@example.com", "Linus", "Torvalds", "just for fun"),
                    new UserSpec(
                            "margaret",
                            "margaret@example.com",
                            "Margaret",
                            "Hamilton",
                            "apollo guidance 1969"),
                    new UserSpec(
                            "katherine",
                            "katherine@example.com",
                            "Katherine",
                            "Johnson",
                            "orbital mechanics 1962"),
                    // The victim and the attacker of the forged-identity tests.
                    new UserSpec("alice", "alice@example.com", "Alice", "Victim", "alice own 1"),
                    new UserSpec(
                            "mallory", "mallory@example.com", "Mallory", "Attacker", "mallory 2"),
                    // The attacker of the password-change test, whose password it changes.
                    new UserSpec("trudy", "trudy@example.com", "Trudy", "Intruder", "trudy 3"));

    @TempDir static Path shared;
    private static WordPressSite wordpress;
    private static ClerkUsers clerk;

    @TempDir Path dir;
    private ProxyApplication trickle;

    @BeforeAll
    static void startStack() throws Exception {
        wordpress = WordPressSite.start(shared.resolve("site"), USERS);
        clerk = ClerkUsers.start(shared.resolve("clerk-state.json"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (clerk != null) {
            clerk.close();
        }
        if (wordpress != null) {
            wordpress.close();
        }
    }

    @BeforeEach
    void startTrickle() throws InterruptedException {
        clerk.reset();
        trickle = ProxyApplication.start(loader().load(RECIPE));
    }

    /** The deployment's environment, pointed at the stack this class runs. */
    private ConfigLoader loader() {
        MariaDbDatabase db = wordpress.database();
        return RecipeEnvironment.of(dir, wordpress.baseUri(), clerk)
                .withDatabase(db.jdbcUrl(), db.reader(), db.readerPassword())
                .loader();
    }

    @AfterEach
    void stopTrickle() {
        trickle.close();
    }

    @Test
    void eachLoginByUsernameOrEmailMovesTheUserToClerkOnceWithTheirPhpassDigest() throws Exception {
        Map<String, String> identifierByLogin =
                Map.of("ada", "ada", "grace", "grace@example.com", "alan", " alan ");
        for (Map.Entry<String, String> entry : identifierByLogin.entrySet()) {
            WordPressUser user = wordpress.user(entry.getKey());
            assertThat(user.digestPrefix()).isEqualTo("$P$");
            Browser browser = new Browser(throughTrickle());
            Browser.Answer login = logIn(browser, entry.getValue(), user.spec().password());
            assertThat(login.status()).as(entry.getValue()).isEqualTo(302);
            assertThat(login.location()).endsWith("/wp-admin/profile.php");
            assertThat(login.cookiesSet()).anyMatch(name -> name.startsWith(LOGGED_IN));

            JsonNode moved = clerk.byExternalId(user.id()).orElseThrow();
            assertThat(moved.path("username").asText()).isEqualTo(user.spec().login());
            assertThat(moved.path("first_name").asText()).isEqualTo(user.spec().firstName());
            assertThat(moved.path("last_name").asText()).isEqualTo(user.spec().lastName());
            JsonNode email = moved.path("email_addresses").path(0);
            assertThat(email.path("email_address").asText()).isEqualTo(user.spec().email());
            assertThat(email.path("verification").path("status").asText()).isEqualTo("unverified");
            assertThat(moved.path("created_at").asLong())
                    .isEqualTo(user.registered().toEpochMilli());
            assertThat(clerk.passwordHasher(user.id())).contains("phpass");
            String clerkId = moved.path("id").asText();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password())).isTrue();
            assertThat(clerk.verifiesPassword(clerkId, user.spec().password() + "!")).isFalse();
        }
        for (String login : identifierByLogin.keySet()) {
            Browser.Answer again =
                    logIn(
                            new Browser(throughTrickle()),
                            login,
                            wordpress.user(login).spec().password());
            assertThat(again.status()).isEqualTo(302);
        }
        assertThat(clerk.emulator().userCount()).isEqualTo(identifierByLogin.size());
        assertThat(clerk.creates()).isEqualTo(identifierByLogin.size());
    }

    @Test
    void loginsWordPressRefusesAreAnsweredByWordPressAndMoveNobody() throws Exception {
        WordPressUser ada = wordpress.user("ada");
        List<Browser.Answer> refused =
                List.of(
                        logIn(new Browser(throughTrickle()), "ada", "analytical engine"),
                        logIn(new Browser(throughTrickle()), "ada@example.com", "1843"),
                        logIn(new Browser(throughTrickle()), "nobody", "whatever 123"));
        for (Browser.Answer answer : refused) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.cookiesSet()).noneMatch(name -> name.startsWith(LOGGED_IN));
            assertThat(answer.body()).contains("login_error");
        }
        assertThat(clerk.byExternalId(ada.id())).isEmpty();
        assertThat(clerk.emulator().userCount()).isZero();
        assertThat(clerk.creates()).isZero();
    }

    @Test
    void theAnswerThroughTrickleIsWordPresssOwn() throws Exception {
        WordPressUser grace = wordpress.user("grace");
        String password = grace.spec().password();
        Browser.Answer direct = logIn(new Browser(wordpress.baseUri()), "grace", password);
        Browser.Answer proxied = logIn(new Browser(throughTrickle()), "grace", password);
        assertThat(proxied.shape()).isEqualTo(direct.shape());
        assertThat(direct.status()).isEqualTo(302);
        assertThat(direct.cookiesSet()).anyMatch(name -> name.startsWith(LOGGED_IN));

        Browser.Answer directWrong = logIn(new Browser(wordpress.baseUri()), "grace", "x");
        Browser.Answer proxiedWrong = logIn(new Browser(throughTrickle()), "grace", "x");
        assertThat(proxiedWrong.shape()).isEqualTo(directWrong.shape());
        assertThat(directWrong.status()).isEqualTo(200);
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void aLostPasswordPostToTheSamePathPassesThroughAndMovesNobody() throws Exception {
        Map<String, String> form = Map.of("user_login", "ada", "wp-submit", "Get New Password");
        String path = "/wp-login.php?action=lostpassword";
        Browser directBrowser = new Browser(wordpress.baseUri());
        directBrowser.open(path);
        Browser proxiedBrowser = new Browser(throughTrickle());
        proxiedBrowser.open(path);
        Browser.Answer direct = directBrowser.postForm(path, form);
        Browser.Answer proxied = proxiedBrowser.postForm(path, form);
        assertThat(proxied.shape()).isEqualTo(direct.shape());
        assertThat(proxied.body()).contains("lostpasswordform");
        assertThat(clerk.creates()).isZero();
    }

    @Test
    void anOldPlainMd5DigestWordPressStillAcceptsMovesTheUserWithTheDigestItRehashedTo()
            throws Exception {
        WordPressUser linus = wordpress.user("linus");
        String password = linus.spec().password();
        // How sites from before WordPress 2.5, and passwords reset by hand in phpMyAdmin, look.
        wordpress
                .database()
                .execute(
                        "UPDATE wp_users SET user_pass = MD5('"
                                + password
                                + "') WHERE ID = "
                                + linus.id());
        Browser.Answer login = logIn(new Browser(throughTrickle()), "linus", password);
        assertThat(login.status()).isEqualTo(302);
        JsonNode moved = clerk.byExternalId(linus.id()).orElseThrow();
        // WordPress replaces the MD5 with phpass while it answers; Trickle reads the user after.
        assertThat(clerk.passwordHasher(linus.id())).contains("phpass");
        assertThat(clerk.verifiesPassword(moved.path("id").asText(), password)).isTrue();
        assertThat(clerk.creates()).isEqualTo(1);
    }

    @Test
    void aPasswordChangedOnTheProfilePageReachesClerkForMigratedAndNotYetMigratedUsers()
            throws Exception {
        // Katherine moved at her login through Trickle, with her old password.
        WordPressUser katherine = wordpress.user("katherine");
        Browser kate = new Browser(throughTrickle());
        assertThat(logIn(kate, "katherine", katherine.spec().password()).status()).isEqualTo(302);
        String kateClerkId = clerk.byExternalId(katherine.id()).orElseThrow().path("id").asText();
        Browser.Answer refused = changePassword(kate, "new orbit 2024", "other orbit 2024");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(clerk.verifiesPassword(kateClerkId, katherine.spec().password())).isTrue();
        Browser.Answer changed = changePassword(kate, "new orbit 2024", "new orbit 2024");
        assertThat(changed.status()).isEqualTo(302);
        assertThat(changed.location()).contains("profile.php?updated=1");
        assertThat(clerk.verifiesPassword(kateClerkId, "new orbit 2024")).isTrue();
        assertThat(clerk.verifiesPassword(kateClerkId, katherine.spec().password())).isFalse();

        // Margaret signed in at WordPress directly, so she has not moved before her change.
        WordPressUser margaret = wordpress.user("margaret");
        CookieManager jar = new CookieManager();
        assertThat(
                        logIn(
                                        new Browser(wordpress.baseUri(), jar),
                                        "margaret",
                                        margaret.spec().password())
                                .status())
                .isEqualTo(302);
        assertThat(clerk.byExternalId(margaret.id())).isEmpty();
        Browser.Answer moved =
                changePassword(
                        new Browser(throughTrickle(), jar), "saturn v 1969", "saturn v 1969");
        assertThat(moved.status()).isEqualTo(302);
        JsonNode created = clerk.byExternalId(margaret.id()).orElseThrow();
        assertThat(created.path("first_name").asText()).isEqualTo("Margaret");
        assertThat(clerk.verifiesPassword(created.path("id").asText(), "saturn v 1969")).isTrue();
        assertThat(clerk.creates()).isEqualTo(2);
    }

    /** Opens the profile page and saves it with a new password typed twice. */
    private static Browser.Answer changePassword(Browser browser, String pass1, String pass2)
            throws Exception {
        Browser.Answer page = browser.open("/wp-admin/profile.php");
        assertThat(page.status()).isEqualTo(200);
        Map<String, String> form = new LinkedHashMap<>();
        for (String hidden :
                List.of("_wpnonce", "_wp_http_referer", "checkuser_id", "user_id", "nickname")) {
            form.put(hidden, Browser.hiddenField(page.body(), hidden));
        }
        form.put("from", "profile");
        form.put("action", "update");
        form.put("email", Browser.hiddenField(page.body(), "email"));
        form.put("pass1", pass1);
        form.put("pass2", pass2);
        form.put("submit", "Update Profile");
        return browser.postForm("/wp-admin/profile.php", form);
    }

    @Test
    void theDatabaseAlternativeTheRecipeDescribesChecksPhpassItself() throws Exception {
        String recipe = Files.readString(RECIPE);
        String database =
                uncomment(recipe.replace("    verify: upstream\n", ""), "    # verify: database\n");
        assertThat(database).doesNotContain("verify: upstream");
        trickle.close();
        trickle = ProxyApplication.start(loader().parse(database));
        WordPressUser alan = wordpress.user("alan");

        assertThat(logIn(new Browser(throughTrickle()), "alan", "enigma").status()).isEqualTo(200);
        assertThat(clerk.creates()).isZero();
        Browser.Answer login =
                logIn(new Browser(throughTrickle()), "alan@example.com", alan.spec().password());
        assertThat(login.status()).isEqualTo(302);
        JsonNode moved = clerk.byExternalId(alan.id()).orElseThrow();
        assertThat(clerk.verifiesPassword(moved.path("id").asText(), alan.spec().password()))
                .isTrue();
        assertThat(clerk.emulator().userCount()).isEqualTo(1);
    }

    @Test
    void aRepeatedLogFieldMovesOnlyTheUserWordPressSignedInWithTheirOwnPassword() throws Exception {
        WordPressUser alice = wordpress.user("alice");
        WordPressUser mallory = wordpress.user("mallory");
        String forged =
                "log=alice&log=mallory&pwd="
                        + encode(mallory.spec().password())
                        + "&wp-submit=Log+In&testcookie=1";

        // As shipped: PHP reads the last log, and so does Trickle.
        Browser.Answer asShipped = postWithTestCookie(new Browser(throughTrickle()), forged);
        assertThat(asShipped.status()).as("WordPress signs mallory in").isEqualTo(302);
        assertThat(clerk.byExternalId(alice.id())).isEmpty();
        String malloryId = clerk.byExternalId(mallory.id()).orElseThrow().path("id").asText();
        assertThat(clerk.verifiesPassword(malloryId, mallory.spec().password())).isTrue();

        // Read as a first-wins parser reads it: alice is found, but mallory's password is not hers.
        restartWith(Files.readString(RECIPE).replace("duplicates: last}", "duplicates: first}"));
        assertThat(postWithTestCookie(new Browser(throughTrickle()), forged).status())
                .isEqualTo(302);
        assertThat(clerk.byExternalId(alice.id())).as("alice stays unmoved").isEmpty();
        assertThat(logins("unconfirmed")).isEqualTo(1);

        // Without a declared rule the repeated field is refused and WordPress never sees it.
        restartWith(Files.readString(RECIPE).replace(", duplicates: last}", "}"));
        Browser.Answer refused = postWithTestCookie(new Browser(throughTrickle()), forged);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("form field log appears more than once");
        assertThat(refused.cookiesSet()).noneMatch(name -> name.startsWith(LOGGED_IN));
        assertThat(clerk.byExternalId(alice.id())).isEmpty();
        assertThat(clerk.creates()).isEqualTo(1);
    }

    @Test
    void actionsOtherThanTheLoginAreNoLoginWhereverTheyNameTheAction() throws Exception {
        WordPressUser alice = wordpress.user("alice");
        String chosen = "log=alice&pwd=attacker-chosen&post_password=x&testcookie=1";
        // postpass answers with a redirect, as a login does, and sets its own cookie; WordPress
        // sends it back where it came from (without a Referer it answers 200).
        Map<String, String> referer = Map.of("Referer", throughTrickle() + "/about/");
        Browser.Answer postpass =
                new Browser(throughTrickle())
                        .postRawForm("/wp-login.php?action=postpass", chosen, referer);
        assertThat(postpass.status()).isEqualTo(302);
        assertThat(postpass.location()).endsWith("/about/");
        assertThat(postpass.cookiesSet()).anyMatch(name -> name.startsWith("wp-postpass_"));
        Browser.Answer inTheBody =
                new Browser(throughTrickle())
                        .postRawForm("/wp-login.php", chosen + "&action=postpass", referer);
        assertThat(inTheBody.status()).isEqualTo(302);
        assertThat(inTheBody.cookiesSet()).noneMatch(name -> name.startsWith(LOGGED_IN));
        Browser.Answer repeated =
                new Browser(throughTrickle())
                        .postRawForm("/wp-login.php?action=login&action=postpass", chosen, referer);
        assertThat(repeated.status()).isEqualTo(400);
        assertThat(repeated.body()).contains("repeats a parameter");
        assertThat(clerk.byExternalId(alice.id())).isEmpty();
        assertThat(clerk.creates()).isZero();

        Browser.Answer login =
                postWithTestCookie(
                        new Browser(throughTrickle()),
                        "/wp-login.php?action=login",
                        "log=alice&pwd=" + encode(alice.spec().password()) + "&testcookie=1");
        assertThat(login.status()).isEqualTo(302);
        assertThat(clerk.byExternalId(alice.id())).isPresent();
    }

    @Test
    void everyPathWordPressRoutesToTheLoginIsInterceptedAndAmbiguousOnesAreRefused()
            throws Exception {
        WordPressUser alan = wordpress.user("alan");
        String form = "log=alan&pwd=" + encode(alan.spec().password()) + "&testcookie=1";
        int port = trickle.proxyAddress().getPort();
        List<String> targets =
                List.of(
                        "/wp-login.php/",
                        "//wp-login.php",
                        "/./wp-login.php",
                        "/wp-admin/../wp-login.php",
                        "/wp-login.php/anything",
                        "/wp-login%2Ephp",
                        "http://127.0.0.1:" + port + "/wp-login.php");
        for (String target : targets) {
            RawHttpConnection.RawResponse answer = raw("POST", target, form);
            assertThat(answer.status()).as(target).isEqualTo(302);
            assertThat(answer.headers().get("set-cookie")).as(target).contains(LOGGED_IN);
        }
        assertThat(logins("verified"))
                .as("each one was seen as the login")
                .isEqualTo(targets.size());
        assertThat(clerk.creates()).isEqualTo(1);

        for (String target :
                List.of("/wp-login.php%2F", "/x%2F..%2Fwp-login.php", "/wp-login.php%00")) {
            RawHttpConnection.RawResponse answer = raw("POST", target, form);
            assertThat(answer.status()).as(target).isEqualTo(400);
            assertThat(answer.bodyText()).as(target).contains("Login request refused");
        }
        assertThat(logins("ambiguous_request")).isEqualTo(3);
    }

    @Test
    void aPasswordChangeWithARepeatedEmailFieldChangesNoOneElsesClerkPassword() throws Exception {
        WordPressUser alice = wordpress.user("alice");
        assertThat(logIn(new Browser(throughTrickle()), "alice", alice.spec().password()).status())
                .isEqualTo(302);
        String aliceClerkId = clerk.byExternalId(alice.id()).orElseThrow().path("id").asText();
        CookieManager jar = new CookieManager();
        WordPressUser trudy = wordpress.user("trudy");
        assertThat(
                        logIn(new Browser(throughTrickle(), jar), "trudy", trudy.spec().password())
                                .status())
                .isEqualTo(302);

        // As shipped (last, as PHP): trudy changes her own password.
        Browser.Answer own =
                changePasswordNaming(
                        new Browser(throughTrickle(), jar),
                        "alice@example.com",
                        "trudy@example.com",
                        "taken over 1");
        assertThat(own.status()).isEqualTo(302);
        assertThat(clerk.verifiesPassword(aliceClerkId, alice.spec().password())).isTrue();
        assertThat(clerk.verifiesPassword(aliceClerkId, "taken over 1")).isFalse();
        String trudyClerkId = clerk.byExternalId(trudy.id()).orElseThrow().path("id").asText();
        assertThat(clerk.verifiesPassword(trudyClerkId, "taken over 1")).isTrue();

        // Read first-wins: the email names alice, whose digest is not the new password.
        restartWith(
                Files.readString(RECIPE)
                        .replace(
                                "password: pass1}, duplicates: last}",
                                "password: pass1}, duplicates: first}"));
        Browser.Answer forged =
                changePasswordNaming(
                        new Browser(throughTrickle(), jar),
                        "alice@example.com",
                        "trudy@example.com",
                        "taken over 2");
        assertThat(forged.status()).isEqualTo(302);
        assertThat(clerk.verifiesPassword(aliceClerkId, alice.spec().password())).isTrue();
        assertThat(clerk.verifiesPassword(aliceClerkId, "taken over 2")).isFalse();
        assertThat(logins("wordpress-password-change", "unconfirmed")).isEqualTo(1);
    }

    /** Saves the signed-in user's profile with two email fields and a new password twice. */
    private static Browser.Answer changePasswordNaming(
            Browser browser, String firstEmail, String secondEmail, String password)
            throws Exception {
        Browser.Answer page = browser.open("/wp-admin/profile.php");
        assertThat(page.status()).isEqualTo(200);
        StringBuilder form = new StringBuilder();
        for (String hidden :
                List.of("_wpnonce", "_wp_http_referer", "checkuser_id", "user_id", "nickname")) {
            form.append(hidden)
                    .append('=')
                    .append(encode(Browser.hiddenField(page.body(), hidden)))
                    .append('&');
        }
        form.append("from=profile&action=update")
                .append("&email=")
                .append(encode(firstEmail))
                .append("&email=")
                .append(encode(secondEmail))
                .append("&pass1=")
                .append(encode(password))
                .append("&pass2=")
                .append(encode(password))
                .append("&submit=Update+Profile");
        return browser.postRawForm("/wp-admin/profile.php", form.toString());
    }

    /** A login post with the test cookie WordPress wants to see, through Trickle. */
    private static Browser.Answer postWithTestCookie(Browser browser, String form)
            throws Exception {
        return postWithTestCookie(browser, "/wp-login.php", form);
    }

    private static Browser.Answer postWithTestCookie(Browser browser, String path, String form)
            throws Exception {
        assertThat(browser.open("/wp-login.php").status()).isEqualTo(200);
        return browser.postRawForm(path, form);
    }

    /** One request exactly as written, on a socket of its own, with WordPress's test cookie. */
    private RawHttpConnection.RawResponse raw(String method, String target, String form)
            throws Exception {
        try (RawHttpConnection raw = new RawHttpConnection(trickle.proxyAddress().getPort())) {
            raw.send(
                    method
                            + " "
                            + target
                            + " HTTP/1.1\r\nHost: 127.0.0.1:"
                            + trickle.proxyAddress().getPort()
                            + "\r\nCookie: wordpress_test_cookie=WP%20Cookie%20check"
                            + "\r\nContent-Type: application/x-www-form-urlencoded"
                            + "\r\nContent-Length: "
                            + form.length()
                            + "\r\nConnection: close\r\n\r\n"
                            + form);
            return raw.readResponse();
        }
    }

    private void restartWith(String recipe) throws InterruptedException {
        trickle.close();
        trickle = ProxyApplication.start(loader().parse(recipe));
    }

    private double logins(String result) {
        return logins("wordpress-login", result);
    }

    /** What trickle_logins_total says for the route and result. */
    private double logins(String route, String result) {
        Counter counter =
                trickle.registry()
                        .find(MigrationMeters.LOGINS)
                        .tags(MigrationMeters.TAG_ROUTE, route, MigrationMeters.TAG_RESULT, result)
                        .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Opens wp-login.php (which sets WordPress's test cookie), then submits its form. */
    private static Browser.Answer logIn(Browser browser, String log, String password)
            throws Exception {
        Browser.Answer page = browser.open("/wp-login.php");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("loginform");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("log", log);
        form.put("pwd", password);
        form.put("wp-submit", "Log In");
        form.put("redirect_to", "");
        form.put("testcookie", "1");
        return browser.postForm("/wp-login.php", form);
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
