package dev.trickle.core.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import dev.trickle.core.login.HttpFields;
import dev.trickle.core.login.LegacyResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class SuccessRulesTest {
    /**
     * Django's LoginView: 302 to the next page with a sessionid cookie on success, 200 form on
     * failure.
     */
    private static final SuccessRules DJANGO_FORM =
            new SuccessRules(
                    Set.of(302),
                    Optional.empty(),
                    Optional.of(Pattern.compile("/accounts/login")),
                    Optional.of("sessionid"),
                    Optional.empty(),
                    Optional.empty());

    private static final SuccessRules JSON_API =
            new SuccessRules(
                    Set.of(200),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(JsonPointer.compile("/user/id")),
                    Optional.empty());

    @Test
    void formLoginRedirectWithSessionCookieIsSuccess() {
        assertThat(
                        DJANGO_FORM.isSuccess(
                                response(
                                        302,
                                        "/accounts/profile/",
                                        "sessionid=abc; HttpOnly; Path=/",
                                        "")))
                .isTrue();
    }

    @Test
    void formLoginFailuresAreRecognised() {
        assertThat(DJANGO_FORM.isSuccess(response(200, null, null, "<form>"))).isFalse();
        assertThat(
                        DJANGO_FORM.isSuccess(
                                response(302, "/accounts/login/?next=/", "sessionid=abc", "")))
                .isFalse();
        assertThat(DJANGO_FORM.isSuccess(response(302, "/accounts/profile/", "csrftoken=x", "")))
                .isFalse();
        assertThat(
                        DJANGO_FORM.isSuccess(
                                response(
                                        302,
                                        "/accounts/profile/",
                                        "sessionid=\"\"; Max-Age=0",
                                        "")))
                .isFalse();
    }

    @Test
    void jsonLoginNeedsTheUserIdInTheBody() {
        assertThat(JSON_API.isSuccess(response(200, null, null, "{\"user\":{\"id\":42}}")))
                .isTrue();
        assertThat(JSON_API.isSuccess(response(200, null, null, "{\"error\":\"bad\"}"))).isFalse();
        assertThat(JSON_API.isSuccess(response(200, null, null, "not json"))).isFalse();
        assertThat(JSON_API.isSuccess(response(401, null, null, "{\"user\":{\"id\":42}}")))
                .isFalse();
    }

    @Test
    void withoutListedStatusesAnErrorAnswerIsNeverASuccess() {
        SuccessRules userInBody =
                new SuccessRules(
                        Set.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(JsonPointer.compile("/user/id")),
                        Optional.empty());
        String body = "{\"user\":{\"id\":42}}";
        assertThat(userInBody.isSuccess(response(200, null, null, body))).isTrue();
        for (int status : new int[] {400, 401, 403, 422, 429, 500, 503}) {
            assertThat(userInBody.isSuccess(response(status, null, null, body)))
                    .as("status %d", status)
                    .isFalse();
        }
        SuccessRules listed =
                new SuccessRules(
                        Set.of(401),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(JsonPointer.compile("/user/id")),
                        Optional.empty());
        assertThat(listed.isSuccess(response(401, null, null, body))).isTrue();
    }

    @Test
    void rulesThatOnlySayWhatASuccessIsNotAcceptNothing() {
        SuccessRules onlyNegative =
                new SuccessRules(
                        Set.of(),
                        Optional.empty(),
                        Optional.of(Pattern.compile("wp-login\\.php")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
        assertThat(onlyNegative.hasPositiveSignal()).isFalse();
        assertThat(onlyNegative.isSuccess(response(302, "/wp-admin/", "a=1", ""))).isFalse();
        assertThat(onlyNegative.isSuccess(response(401, null, null, "invalid credentials")))
                .isFalse();
        assertThat(DJANGO_FORM.hasPositiveSignal()).isTrue();
    }

    @Test
    void aCookieNamePatternMatchesTheStacksLoggedInCookieAndNotAClearedOne() {
        SuccessRules wordpress =
                new SuccessRules(
                        Set.of(302),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("wordpress_logged_in_*"),
                        Optional.empty(),
                        Optional.empty());
        assertThat(
                        wordpress.isSuccess(
                                response(
                                        302,
                                        "/wp-admin/",
                                        "wordpress_logged_in_5c3f=ada%7C1%7Ct%7Ch; path=/",
                                        "")))
                .isTrue();
        // postpass and logout redirect too, setting other cookies or clearing this one.
        assertThat(
                        wordpress.isSuccess(
                                response(302, "/about/", "wp-postpass_5c3f=%24P%24x; path=/", "")))
                .isFalse();
        assertThat(
                        wordpress.isSuccess(
                                response(
                                        302,
                                        "/wp-login.php?loggedout=true",
                                        "wordpress_logged_in_5c3f=%20; expires=Thu, 01-Jan-1970"
                                                + " 00:00:01 GMT; path=/",
                                        "")))
                .isFalse();
        SuccessRules rails =
                new SuccessRules(
                        Set.of(302),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("_*_session"),
                        Optional.empty(),
                        Optional.empty());
        assertThat(rails.isSuccess(response(302, "/", "_shop_session=abc; path=/", ""))).isTrue();
        assertThat(rails.isSuccess(response(302, "/", "shop_session=abc; path=/", ""))).isFalse();
    }

    @Test
    void identityIsReadFromJsonPointers() {
        JsonIdentityPointers pointers =
                new JsonIdentityPointers(
                        JsonPointer.compile("/user/id"),
                        Optional.of(JsonPointer.compile("/user/email")),
                        Optional.of(JsonPointer.compile("/user/verified")),
                        Optional.of(JsonPointer.compile("/user/username")),
                        Optional.of(JsonPointer.compile("/user/first_name")),
                        Optional.empty(),
                        Optional.of(JsonPointer.compile("/user/joined")));
        LegacyIdentity identity =
                pointers.read(
                                bytes(
                                        "{\"user\":{\"id\":42,\"email\":\"ada@example.com\",\"verified\":false,"
                                                + "\"username\":\"ada\",\"first_name\":\"Ada\",\"joined\":\"2019-03-01T09:00:00+01:00\"}}"))
                        .orElseThrow();
        assertThat(identity.legacyId()).isEqualTo("42");
        assertThat(identity.email()).hasValue("ada@example.com");
        assertThat(identity.emailVerified()).hasValue(false);
        assertThat(identity.lastName()).isEmpty();
        assertThat(identity.createdAt()).hasValue(Instant.parse("2019-03-01T08:00:00Z"));
        assertThat(pointers.read(bytes("{\"user\":{}}"))).isEmpty();
    }

    @Test
    void datesInEpochSecondsAndMillisAreUnderstood() {
        assertThat(JsonIdentityPointers.instant("1551430800"))
                .hasValue(Instant.parse("2019-03-01T09:00:00Z"));
        assertThat(JsonIdentityPointers.instant("1551430800000"))
                .hasValue(Instant.parse("2019-03-01T09:00:00Z"));
        assertThat(JsonIdentityPointers.instant("yesterday")).isEmpty();
    }

    @Test
    void digestNeverPrinted() {
        LegacyIdentity identity =
                new LegacyIdentity(
                        "1",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("$2b$10$secretsecret"),
                        Optional.of("pepper-salt"));
        assertThat(identity.toString())
                .doesNotContain("secret")
                .doesNotContain("pepper-salt")
                .contains("<masked>");
    }

    private static LegacyResponse response(
            int status, String location, String cookie, String body) {
        List<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
        if (location != null) {
            headers.add(Map.entry("Location", location));
        }
        if (cookie != null) {
            headers.add(Map.entry("Set-Cookie", cookie));
        }
        return new LegacyResponse(status, HttpFields.of(headers), bytes(body));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
