package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped example must stay valid and must spell out the defaults the code really has. */
final class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("../deploy/trickle.example.yml");

    @Test
    void exampleConfigLoadsAndMatchesTheDefaults() {
        ProxyConfig config = ConfigLoader.withEnvironment(name -> null).load(EXAMPLE);
        assertThat(config.upstream().maxConnections())
                .isEqualTo(UpstreamConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(config.upstream().connectTimeout())
                .isEqualTo(UpstreamConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(config.upstream().responseTimeout())
                .isEqualTo(UpstreamConfig.DEFAULT_RESPONSE_TIMEOUT);
        assertThat(config.upstream().poolIdleTimeout())
                .isEqualTo(UpstreamConfig.DEFAULT_POOL_IDLE_TIMEOUT);
        assertThat(config.client().maxHeaderBytes())
                .isEqualTo(ClientConfig.DEFAULT_MAX_HEADER_BYTES);
        assertThat(config.client().maxInitialLineBytes())
                .isEqualTo(ClientConfig.DEFAULT_MAX_INITIAL_LINE_BYTES);
        assertThat(config.client().requestHeaderTimeout())
                .isEqualTo(ClientConfig.DEFAULT_REQUEST_HEADER_TIMEOUT);
        assertThat(config.client().idleTimeout()).isEqualTo(ClientConfig.DEFAULT_IDLE_TIMEOUT);
        assertThat(config.shutdownTimeout()).isEqualTo(ProxyConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(config.listen().toString()).isEqualTo(ProxyConfig.DEFAULT_LISTEN);
        assertThat(config.admin().listen().toString()).isEqualTo(AdminConfig.DEFAULT_LISTEN);
    }
}
