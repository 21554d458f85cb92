package dev.trickle.core.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.core.config.Secret;
import dev.trickle.core.ratelimit.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ClerkSettingsTest {
    private static final String KEY = "sk_live_0123456789abcdef";

    @Test
    void defaultsPointAtClerkWithTheProductionLimitOfALiveKey() {
        ClerkSettings settings = ClerkSettings.of(Secret.of(KEY));

        assertThat(settings.apiUrl()).isEqualTo("https://api.clerk.com/v1");
        assertThat(settings.instanceKind()).contains(InstanceKind.PRODUCTION);
        assertThat(settings.effectiveRateLimit())
                .isEqualTo(RateLimit.of(1000, Duration.ofSeconds(10)));
        assertThat(settings.userUpdateLimit()).isEqualTo(RateLimit.of(10, Duration.ofSeconds(10)));
        assertThat(settings.validate(new ConfigProblems(), "clerk").isEmpty()).isTrue();
    }

    @Test
    void testKeyMeansDevelopmentLimitUnlessOverridden() {
        ClerkSettings settings = ClerkSettings.of(Secret.of("sk_test_abc"));
        assertThat(settings.instanceKind()).contains(InstanceKind.DEVELOPMENT);
        assertThat(settings.effectiveRateLimit())
                .isEqualTo(RateLimit.of(100, Duration.ofSeconds(10)));

        RateLimit custom = RateLimit.of(20, Duration.ofSeconds(1));
        assertThat(settings.withRateLimit(custom).effectiveRateLimit()).isEqualTo(custom);
    }

    @Test
    void everyProblemIsReportedWithItsKeyAndTheKeyValueIsNeverEchoed() {
        ClerkSettings settings =
                new ClerkSettings(
                        "ftp://clerk",
                        Secret.of("pk_live_not_a_secret_key"),
                        Duration.ZERO,
                        Duration.ofSeconds(-1),
                        RateLimit.of(0, Duration.ofSeconds(10)),
                        ClerkSettings.DEFAULT_USER_UPDATE_LIMIT,
                        RetryPolicy.DEFAULT);

        ConfigProblems problems = settings.validate(new ConfigProblems(), "clerk");

        assertThat(problems.asList())
                .extracting(Object::toString)
                .containsExactly(
                        "clerk.apiUrl: ftp://clerk (expected: an http(s) URL)",
                        "clerk.secretKey: <masked> (expected: a Clerk secret key starting with sk_test_ or sk_live_)",
                        "clerk.connectTimeout: PT0S (expected: a positive duration)",
                        "clerk.requestTimeout: PT-1S (expected: a positive duration)",
                        "clerk.rateLimit.permits: 0 (expected: an integer >= 1)");
    }

    @Test
    void plainHttpIsRefusedUnlessItStaysOnThisMachine() {
        for (String url :
                new String[] {
                    "http://clerk:4011/v1",
                    "http://api.clerk.com/v1",
                    "http://10.0.0.5:4011/v1",
                    "http://127.0.0.1.evil.example/v1",
                    "http://[::2]:4011/v1"
                }) {
            assertThat(
                            ClerkSettings.of(url, Secret.of(KEY))
                                    .validate(new ConfigProblems(), "clerk")
                                    .asList())
                    .as(url)
                    .extracting(Object::toString)
                    .containsExactly(
                            "clerk.apiUrl: "
                                    + url
                                    + " (expected: an https URL; http only to a loopback address"
                                    + " (127.0.0.0/8, ::1, localhost), such as the Clerk"
                                    + " emulator's)");
        }
        for (String url :
                new String[] {
                    "https://clerk.internal/v1",
                    "http://127.0.0.1:4011/v1",
                    "http://127.8.9.10:4011/v1",
                    "http://localhost:4011/v1",
                    "http://[::1]:4011/v1"
                }) {
            assertThat(
                            ClerkSettings.of(url, Secret.of(KEY))
                                    .validate(new ConfigProblems(), "clerk")
                                    .isEmpty())
                    .as(url)
                    .isTrue();
        }
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(ClerkSettings.of(Secret.of(KEY)).toString())
                .doesNotContain(KEY)
                .contains("<masked>");
    }

    @Test
    void clientRefusesInvalidSettings() {
        ClerkSettings settings = ClerkSettings.of("not a url", Secret.of(KEY));
        assertThatThrownBy(() -> ClerkClient.builder(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("clerk.apiUrl: not a url")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void baseUrlLosesATrailingSlash() {
        assertThat(ClerkSettings.of("http://127.0.0.1:4011/v1/", Secret.of(KEY)).apiUri())
                .hasToString("http://127.0.0.1:4011/v1");
    }
}
