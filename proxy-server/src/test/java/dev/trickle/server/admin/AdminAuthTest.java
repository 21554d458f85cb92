package dev.trickle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

final class AdminAuthTest {
    private final AdminAuth auth = new AdminAuth(Secret.of("s3cret:admin"));

    @Test
    void bearerWithTheTokenIsAcceptedWhateverTheSchemeCase() {
        assertThat(auth.accepts("Bearer s3cret:admin")).isTrue();
        assertThat(auth.accepts("bearer s3cret:admin")).isTrue();
        assertThat(auth.accepts("Bearer s3cret:admi")).isFalse();
        assertThat(auth.accepts("Bearer ")).isFalse();
    }

    @Test
    void basicTakesTheTokenAsPasswordUnderAnyUserName() {
        assertThat(auth.accepts(basic("operator", "s3cret:admin"))).isTrue();
        assertThat(auth.accepts(basic("", "s3cret:admin"))).isTrue();
        assertThat(auth.accepts("basic " + encode("x:s3cret:admin"))).isTrue();
        assertThat(auth.accepts(basic("operator", "wrong"))).isFalse();
        assertThat(auth.accepts(basic("s3cret:admin", ""))).isFalse();
    }

    @Test
    void malformedOrMissingCredentialsAreRefused() {
        assertThat(auth.accepts(null)).isFalse();
        assertThat(auth.accepts("")).isFalse();
        assertThat(auth.accepts("s3cret:admin")).isFalse();
        assertThat(auth.accepts("Basic not*base64")).isFalse();
        assertThat(auth.accepts("Basic " + encode("s3cret-admin-without-user"))).isFalse();
        assertThat(auth.accepts("Digest s3cret:admin")).isFalse();
    }

    @Test
    void theChallengeOffersBasicForBrowsersAndBearerForScripts() {
        var challenge = AdminAuth.challenge();
        assertThat(challenge.status().code()).isEqualTo(401);
        assertThat(challenge.headers().getAll("WWW-Authenticate"))
                .containsExactly(
                        "Basic realm=\"trickle-admin\", charset=\"UTF-8\"",
                        "Bearer realm=\"trickle-admin\"");
        challenge.release();
    }

    private static String basic(String user, String password) {
        return "Basic " + encode(user + ":" + password);
    }

    private static String encode(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
