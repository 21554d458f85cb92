package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.core.config.ConfigProblem;
import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.core.migration.MigrationCaches;
import dev.trickle.core.ratelimit.RateLimit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ConfigLoaderTest {
    private static final String MINIMAL =
            "listen: 127.0.0.1:8080\nupstream:\n  url: http://127.0.0.1:8001\nadmin:\n  listen: 127.0.0.1:9090\n";

    private final ConfigLoader loader =
            ConfigLoader.withEnvironment(
                    Map.of("ADMIN_TOKEN", "t0ken-long-enough-for-admin", "UP", "http://legacy:8000")
                            ::get);

    @Test
    void minimalConfigFromTheIssueLoadsWithDefaults() {
        ProxyConfig config = loader.parse(MINIMAL);
        assertThat(config.listen()).isEqualTo(new ListenAddress("127.0.0.1", 8080));
        assertThat(config.upstream().url().toString()).isEqualTo("http://127.0.0.1:8001");
        assertThat(config.upstream().maxConnections())
                .isEqualTo(UpstreamConfig.DEFAULT_MAX_CONNECTIONS);
        assertThat(config.upstream().preserveHost()).isTrue();
        assertThat(config.admin().listen().port()).isEqualTo(9090);
        assertThat(config.admin().token()).isEmpty();
        assertThat(config.tls()).isEmpty();
        assertThat(config.transport()).isEqualTo(TransportKind.AUTO);
    }

    @Test
    void environmentReferencesAreSubstitutedAndSecretsMasked() {
        ProxyConfig config =
                loader.parse(
                        "upstream:\n  url: ${UP}\n  connectTimeout: 250ms\nadmin:\n  token: ${ADMIN_TOKEN}\n"
                                + "shutdownTimeout: ${MISSING:-2m}\n");
        assertThat(config.upstream().host()).isEqualTo("legacy");
        assertThat(config.upstream().connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.admin().token().orElseThrow().reveal())
                .isEqualTo("t0ken-long-enough-for-admin");
        assertThat(config.admin().toString()).doesNotContain("t0ken-long-enough-for-admin");
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        assertThatThrownBy(
                        () ->
                                loader.parse(
                                        "listen: localhost\nupstream:\n  url: \"ftp://x\"\n  maxConnections: -1\n"
                                                + "  responseTimout: 5s\nclient:\n  idleTimeout: forever\n"
                                                + "forwarded:\n  trustedProxies: [10.0.0.0/33]\n"
                                                + "admin:\n  token: ${NOT_SET}\ntransport: kqueue\n"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(ConfigProblem::path)
                                        .containsExactlyInAnyOrder(
                                                "listen",
                                                "upstream.url",
                                                "upstream.maxConnections",
                                                "upstream.responseTimout",
                                                "client.idleTimeout",
                                                "forwarded.trustedProxies[0]",
                                                "admin.token",
                                                "transport"));
    }

    @Test
    void aShortAdminTokenIsAProblemAndItsValueIsNeverShown() {
        assertThatThrownBy(
                        () ->
                                loader.parse(
                                        MINIMAL
                                                + "  token: hunter2-but-longer\n"
                                                + "  allowedHosts: [ok.internal, \"bad:9090\"]\n"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Object::toString)
                                        .containsExactlyInAnyOrder(
                                                "admin.token: <masked> (expected: at least 24"
                                                        + " characters, e.g. from openssl rand -hex"
                                                        + " 16)",
                                                "admin.allowedHosts[1]: bad:9090 (expected: a host"
                                                        + " name without a port, e.g."
                                                        + " trickle-admin.internal)"))
                .hasMessageNotContaining("hunter2");
        ProxyConfig config =
                loader.parse(
                        MINIMAL
                                + "  token: 0123456789abcdef01234567\n  allowedHosts: [OK.internal]\n");
        assertThat(config.admin().token()).isPresent();
        assertThat(config.admin().allowedHosts()).containsExactly("ok.internal");
    }

    @Test
    void missingUpstreamIsNamed() {
        assertThatThrownBy(() -> loader.parse("listen: 127.0.0.1:1\n"))
                .hasMessageContaining("upstream: missing");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> loader.parse("upstream:\n  url: [unclosed\n"))
                .hasMessageContaining("line")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void ipv6ListenAddressesAndCidrRangesParse() {
        ProxyConfig config =
                loader.parse(
                        MINIMAL.replace("127.0.0.1:8080", "\"[::1]:8443\"")
                                + "forwarded:\n  trustedProxies: [\"10.0.0.0/8\", \"::1\"]\n");
        assertThat(config.listen()).isEqualTo(new ListenAddress("::1", 8443));
        assertThat(config.forwarded().trustedProxies()).hasSize(2);
    }

    @Test
    void aClerkToClerkRouteNeedsTheSourceInstanceAndReadsTheClerkClientKeys() {
        String route =
                "routes:\n  - name: sign-in\n    path: /sign-in\n    verify: clerk\n"
                        + "    success: {status: [302]}\n"
                        + "clerk:\n  secretKey: sk_live_target\n  requestTimeout: 3s\n"
                        + "  rateLimit: {permits: 5000, period: 10s}\n";
        assertThatThrownBy(() -> loader.parse(MINIMAL + route))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(ConfigProblem::path)
                                        .containsExactly("sourceClerk.secretKey"));

        MigrationConfig config =
                loader.parse(MINIMAL + route + "sourceClerk:\n  secretKey: sk_test_source\n")
                        .migration()
                        .orElseThrow();

        assertThat(config.sourceClerk().orElseThrow().secretKey().reveal())
                .isEqualTo("sk_test_source");
        assertThat(config.legacyDatabase()).as("a clerk route needs no legacy database").isEmpty();
        assertThat(config.clerk().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.clerk().effectiveRateLimit().permits()).isEqualTo(5000);
    }

    @Test
    void replicasSharingAKeyEachPaceToTheirShareOfItsLimit() {
        String clerk =
                "routes:\n  - name: login\n    path: /login\n    verify: upstream\n"
                        + "    success: {status: [200]}\n"
                        + "    identity: {json: {id: /id}}\n"
                        + "clerk:\n  secretKey: %s\n  rateLimit: {replicas: %s}\n";
        assertThat(
                        loader.parse(MINIMAL + clerk.formatted("sk_live_target", "6"))
                                .migration()
                                .orElseThrow()
                                .clerk()
                                .effectiveRateLimit())
                .as("1000 per 10 s for a production key, among six")
                .isEqualTo(RateLimit.of(166, Duration.ofSeconds(10)));
        assertThat(
                        loader.parse(MINIMAL + clerk.formatted("sk_test_target", "4"))
                                .migration()
                                .orElseThrow()
                                .clerk()
                                .effectiveRateLimit())
                .as("100 per 10 s for a development key, among four")
                .isEqualTo(RateLimit.of(25, Duration.ofSeconds(10)));
        assertThatThrownBy(() -> loader.parse(MINIMAL + clerk.formatted("sk_test_target", "101")))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(ConfigProblem::path)
                                        .containsExactly("clerk.rateLimit.replicas"));
    }

    @Test
    void migrationCacheSizesAreReadAndOutOfRangeOnesAreProblems() {
        String route =
                "routes:\n  - name: sign-in\n    path: /sign-in\n    verify: clerk\n"
                        + "    success: {status: [302]}\n"
                        + "clerk:\n  secretKey: sk_live_target\n"
                        + "sourceClerk:\n  secretKey: sk_test_source\n";
        assertThatThrownBy(
                        () ->
                                loader.parse(
                                        MINIMAL
                                                + route
                                                + "migration:\n  knownUsersCacheSize: 10\n"
                                                + "  shadowCacheSize: 1000000000\n"))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(ConfigProblem::path)
                                        .containsExactlyInAnyOrder(
                                                "migration.knownUsersCacheSize",
                                                "migration.shadowCacheSize"));

        MigrationConfig config =
                loader.parse(MINIMAL + route + "migration:\n  knownUsersCacheSize: 5000\n")
                        .migration()
                        .orElseThrow();

        assertThat(config.caches().knownUsers()).isEqualTo(5000);
        assertThat(config.caches().shadowAssessments()).isEqualTo(MigrationCaches.DEFAULT_SIZE);
    }

    @Test
    void aBcryptPepperComesFromTheEnvironmentMaskedAndMayNotHoldTheLayoutsSeparator() {
        String legacy =
                "routes:\n  - name: login\n    path: /users/sign_in\n    verify: database\n"
                        + "    success: {status: [302]}\n"
                        + "clerk:\n  secretKey: sk_live_target\n"
                        + "legacyDatabase:\n  url: jdbc:sqlite:legacy.db\n"
                        + "  query: SELECT id FROM users WHERE email = :identifier\n"
                        + "  bcryptPepper: ${PEPPER}\n";
        MigrationConfig config =
                ConfigLoader.withEnvironment(Map.of("PEPPER", "9f2c1e")::get)
                        .parse(MINIMAL + legacy)
                        .migration()
                        .orElseThrow();
        assertThat(config.legacyDatabase().orElseThrow().bcryptPepper().orElseThrow().reveal())
                .isEqualTo("9f2c1e");
        assertThat(config.legacyDatabase().orElseThrow().toString()).doesNotContain("9f2c1e");

        assertThatThrownBy(
                        () ->
                                ConfigLoader.withEnvironment(Map.of("PEPPER", "a$b")::get)
                                        .parse(MINIMAL + legacy))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e -> {
                            assertThat(e.problems())
                                    .extracting(ConfigProblem::path)
                                    .containsExactly("legacyDatabase.bcryptPepper");
                            assertThat(e.getMessage()).doesNotContain("a$b");
                        });
        assertThat(
                        loader.parse(MINIMAL + legacy.replace("${PEPPER}", "${PEPPER:-}"))
                                .migration()
                                .orElseThrow()
                                .legacyDatabase()
                                .orElseThrow()
                                .bcryptPepper())
                .as("no pepper")
                .isEmpty();
    }
}
