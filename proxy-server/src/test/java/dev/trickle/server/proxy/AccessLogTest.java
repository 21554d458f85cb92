package dev.trickle.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class AccessLogTest {
    @Test
    void aPlainPathIsLoggedAsItIs() {
        assertThat(AccessLog.loggable("/wp-login.php/a_b~c;v=1".replace("=", "")))
                .isEqualTo("/wp-login.php/a_b~c;v1");
    }

    @Test
    void quotesControlCharactersAndFieldLookAlikesCannotForgeAField() {
        String forged = AccessLog.loggable("/a\" status=\"200\"\r\nfake=1");
        assertThat(forged).doesNotContain("\"", "=", "\r", "\n", " ");
        assertThat(forged).isEqualTo("/a%22%20status%3D%22200%22%0D%0Afake%3D1");
    }

    @Test
    void aLongPathIsCut() {
        String cut = AccessLog.loggable("/" + "a".repeat(10_000));
        assertThat(cut).hasSize(256 + 3).endsWith("...");
    }
}
