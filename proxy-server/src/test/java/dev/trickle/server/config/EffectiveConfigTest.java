package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class EffectiveConfigTest {
    private static final String CONFIG =
            "listen: 127.0.0.1:8080\nupstream:\n  url: http://127.0.0.1:8001\n"
                    + "admin:\n  listen: 127.0.0.1:9090\n  token: admin-token-hunter1-long-enough\n"
                    + "clerk:\n  secretKey: sk_live_hunter2\n"
                    + "ledger:\n  url: jdbc:postgresql://db:5432/trickle?user=t&password=hunter3\n"
                    + "  password: hunter4\n"
                    + "legacyDatabase:\n  url: jdbc:mysql://app:hunter5@db:3306/app\n"
                    + "  query: SELECT id FROM users WHERE email = :identifier\n"
                    + "routes:\n  - name: login\n    path: /login\n"
                    + "    success: {status: [302], setsCookie: session}\n";

    @Test
    void everySectionWithItsDefaultsAndNoSecretAnywhere() {
        ProxyConfig config =
                ConfigLoader.withEnvironment(Map.<String, String>of()::get).parse(CONFIG);
        List<String> lines = EffectiveConfig.lines(config);

        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("upstream=").contains("maxConnections="))
                .anySatisfy(l -> assertThat(l).startsWith("client=").contains("accessLog=false"))
                .anySatisfy(
                        l -> assertThat(l).startsWith("ledger=").contains("jdbc:postgresql://db"))
                .anySatisfy(l -> assertThat(l).startsWith("route=").contains("login"));
        String all = String.join("\n", lines);
        for (int i = 1; i <= 5; i++) {
            assertThat(all).doesNotContain("hunter" + i);
        }
        assertThat(all).contains("<masked>");
    }
}
