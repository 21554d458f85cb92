package dev.trickle.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request-target readings login routes are matched with, one variant per row. */
final class RequestTargetTest {

    @ParameterizedTest(name = "{0} reaches /wp-login.php")
    @ValueSource(
            strings = {
                "/wp-login.php",
                "/wp-login.php/",
                "//wp-login.php",
                "/./wp-login.php",
                "/wp-admin/../wp-login.php",
                "/WP-LOGIN.PHP",
                "/Wp-Login.Php?action=login",
                "/wp-login.php;jsessionid=0123",
                "/wp-login%2Ephp",
                "/%77p-login.php",
                "/wp-admin/%2e%2e/wp-login.php",
                "http://example.com/wp-login.php",
                "HTTP://example.com:8080//wp-login.php/?x=1",
                "https://user@example.com/./wp-login.php"
            })
    void everySpellingAServerRoutesToTheLoginReachesIt(String target) {
        RequestTarget parsed = RequestTarget.parse(target).orElseThrow();
        assertThat(parsed.reaches("/wp-login.php", false)).isTrue();
        assertThat(parsed.ambiguity()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/wp-login.php%2F|an encoded slash or a backslash",
                "/x%2F..%2Fwp-login.php|an encoded slash or a backslash",
                "/x%5C..%5Cwp-login.php|an encoded slash or a backslash",
                "/x\\..\\wp-login.php|an encoded slash or a backslash",
                "/wp-login.php%00.jpg|an encoded NUL",
                "/wp-login.php%3Bx|an encoded semicolon",
                "/x%252F..%252Fwp-login.php|an encoded slash or a backslash, an encoded percent sign",
                "/wp-login.php%|an invalid percent-escape",
                "/wp-login%.php|an invalid percent-escape",
                "/wp-login.php#x|a fragment",
                "/../wp-login.php|a dot segment above the root",
                "/a/../../wp-login.php|a dot segment above the root"
            })
    void formsStacksReadDifferentlyAreAmbiguousWhenOneReadingReachesTheLogin(
            String target, String why) {
        RequestTarget parsed = RequestTarget.parse(target).orElseThrow();
        assertThat(parsed.reaches("/wp-login.php", false)).isTrue();
        assertThat(parsed.ambiguity()).hasValue("the path holds " + why);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/wp-login.php.bak",
                "/wp-login.phpx",
                "/x/wp-login.php",
                "/wp-login.php/x",
                "/wp-login%2Fphp",
                "/%2e%2e%2fx"
            })
    void otherPathsDoNot(String target) {
        assertThat(RequestTarget.parse(target).orElseThrow().reaches("/wp-login.php", false))
                .isFalse();
    }

    @Test
    void subpathsAreTheRouteOnlyWhenItSaysSo() {
        RequestTarget below = RequestTarget.parse("/wp-login.php/anything").orElseThrow();
        assertThat(below.reaches("/wp-login.php", false)).isFalse();
        assertThat(below.reaches("/wp-login.php", true)).isTrue();
        assertThat(
                        RequestTarget.parse("/wp-login.phpx")
                                .orElseThrow()
                                .reaches("/wp-login.php", true))
                .isFalse();
    }

    @Test
    void targetsWithoutAPathMatchNothing() {
        for (String target : List.of("*", "example.com:443", "wp-login.php", "")) {
            assertThat(RequestTarget.parse(target)).as(target).isEmpty();
        }
    }

    @Test
    void theQueryIsKeptRawAndApartFromThePath() {
        RequestTarget target =
                RequestTarget.parse("/wp-login.php?action=lostpassword&x=%2F").orElseThrow();
        assertThat(target.query()).isEqualTo("action=lostpassword&x=%2F");
        assertThat(target.ambiguity()).isEmpty();
        assertThat(RequestTarget.parse("http://h?a=1").orElseThrow().query()).isEqualTo("a=1");
    }

    @Test
    void configuredPathsNormaliseOnlyWhenUnambiguous() {
        assertThat(RequestTarget.normalise("/Accounts/Login/")).hasValue("/accounts/login");
        assertThat(RequestTarget.normalise("/")).hasValue("/");
        assertThat(RequestTarget.normalise("/caf%C3%A9/login")).hasValue("/café/login");
        for (String bad : Set.of("accounts/login", "/login?x=1", "/a%2Fb", "/../login", "/a%00")) {
            assertThat(RequestTarget.normalise(bad)).as(bad).isEqualTo(Optional.empty());
        }
    }

    @Test
    void nonAsciiBytesAreReadAsUtf8() {
        // The request line reaches the proxy one byte per char.
        String latin1OfUtf8 =
                new String(
                        "/café".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(RequestTarget.parse(latin1OfUtf8).orElseThrow().reaches("/café", false))
                .isTrue();
    }
}
