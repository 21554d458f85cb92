package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.ProxyConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/compose checked by parsing, since compose cannot run here: every file it mounts exists,
 * every Trickle command line parses, and the services' addresses, ports, tokens and paths agree
 * with one another and with the image. {@link ComposeStackIT} runs the stack's processes.
 */
final class ComposeFilesTest {
    private final ComposeStack stack = new ComposeStack();

    @Test
    void hasTheWholeStackAndEveryMountedFileExists() {
        assertThat(stack.serviceNames())
                .containsExactlyInAnyOrder(
                        "legacy", "clerk", "trickle", "traffic", "prometheus", "grafana");
        for (String name : stack.serviceNames()) {
            for (Path source : stack.bindMounts(name).keySet()) {
                assertThat(source).as("%s mounts %s", name, source).exists();
            }
            JsonNode build = stack.service(name).path("build");
            if (!build.isMissingNode()) {
                Path context = ComposeStack.DIR.resolve(build.path("context").asText()).normalize();
                assertThat(context).isEqualTo(DeployFiles.REPO);
                assertThat(context.resolve(build.path("dockerfile").asText()))
                        .isEqualTo(DeployFiles.deploy("Dockerfile"));
            }
        }
    }

    @Test
    void everyTrickleCommandLineParses() {
        CommandLine.ParseResult demo = TrickleCommandLine.parse(stack.trickleArguments("legacy"));
        assertThat(demo.commandSpec().name()).isEqualTo("demo");
        CommandLine.ParseResult clerk = TrickleCommandLine.parse(stack.trickleArguments("clerk"));
        assertThat(clerk.commandSpec().name()).isEqualTo("clerk-emulator");
        CommandLine.ParseResult serve = TrickleCommandLine.parse(stack.trickleArguments("trickle"));
        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        assertThat(stack.bindMounts("trickle"))
                .containsEntry(
                        ComposeStack.DIR.resolve("trickle.yml"),
                        TrickleCommandLine.option(serve, "--config"));
        String volume = ImageEnvironment.runtime().last("VOLUME").words().get(0);
        assertThat(stack.namedVolumes("trickle")).containsEntry("ledger", volume);
    }

    @Test
    void trickleReachesTheLegacyAppAndTheEmulatorWhereTheyListen() {
        ProxyConfig config = config();
        URI legacy = config.upstream().url();
        assertThat(legacy.getHost()).isEqualTo("legacy");
        String legacyListen =
                ComposeStack.argument(stack.trickleArguments("legacy"), "--legacy-listen");
        assertThat(legacyListen).isEqualTo("0.0.0.0:" + legacy.getPort());
        assertThat(DeployFiles.strings(stack.service("legacy").path("expose")))
                .contains(String.valueOf(legacy.getPort()));

        List<String> clerkArgs = stack.trickleArguments("clerk");
        URI clerkApi = URI.create(stack.environment("trickle").get("CLERK_API_URL"));
        // Plain HTTP carries the secret key only over loopback: the emulator shares Trickle's
        // network namespace.
        assertThat(clerkApi.getHost()).isEqualTo("127.0.0.1");
        assertThat(stack.service("clerk").path("network_mode").asText())
                .isEqualTo("service:trickle");
        assertThat(ComposeStack.argument(clerkArgs, "--listen"))
                .isEqualTo("127.0.0.1:" + clerkApi.getPort());
        assertThat(clerkApi.getPath()).isEqualTo("/v1");
        String key = stack.environment("trickle").get("CLERK_SECRET_KEY");
        assertThat(ComposeStack.argument(clerkArgs, "--secret-key")).isEqualTo(key);
        assertThat(ComposeStack.argument(clerkArgs, "--instance"))
                .as("an sk_test_ key is a development instance's")
                .isEqualTo(key.startsWith("sk_test_") ? "development" : "production");

        int proxyPort = config.listen().toSocketAddress().getPort();
        int adminPort = config.admin().listen().toSocketAddress().getPort();
        assertThat(DeployFiles.strings(stack.service("trickle").path("ports")))
                .containsExactlyInAnyOrder(
                        "127.0.0.1:" + proxyPort + ":" + proxyPort,
                        "127.0.0.1:" + adminPort + ":" + adminPort);
        assertThat(stack.service("traffic").path("environment").path("TRICKLE_URL").asText())
                .isEqualTo("http://trickle:" + proxyPort);
        Duration grace =
                Duration.ofSeconds(
                        Long.parseLong(
                                stack.service("trickle")
                                        .path("stop_grace_period")
                                        .asText()
                                        .replace("s", "")));
        assertThat(grace).isGreaterThan(config.shutdownTimeout());
    }

    @Test
    void prometheusScrapesTheAdminPortWithTheTokenAndLoadsTheRules() {
        ProxyConfig config = config();
        JsonNode prometheus = DeployFiles.yaml(ComposeStack.DIR.resolve("prometheus.yml"));
        JsonNode job = prometheus.path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(DeployFiles.strings(job.path("static_configs").get(0).path("targets")))
                .containsExactly("trickle:" + config.admin().listen().toSocketAddress().getPort());
        assertThat(config.admin().allowedHosts())
                .as("the admin port answers to the name Prometheus scrapes it by")
                .contains("trickle");
        assertThat(job.path("authorization").path("credentials").asText())
                .isEqualTo(config.admin().token().orElseThrow().reveal());

        Map<Path, String> mounts = stack.bindMounts("prometheus");
        String configPath = mounts.get(ComposeStack.DIR.resolve("prometheus.yml"));
        String rulesPath = mounts.get(DeployFiles.deploy("prometheus/trickle-alerts.yml"));
        assertThat(configPath).isNotNull();
        List<String> ruleFiles = DeployFiles.strings(prometheus.path("rule_files"));
        assertThat(ruleFiles).hasSize(1);
        assertThat(Path.of(configPath).resolveSibling(ruleFiles.get(0)).toString())
                .isEqualTo(rulesPath);
        assertThat(DeployFiles.strings(stack.service("prometheus").path("command")))
                .contains("--config.file=" + configPath);
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboard() {
        Path provisioning = ComposeStack.DIR.resolve("grafana/provisioning");
        assertThat(stack.bindMounts("grafana"))
                .containsEntry(provisioning, "/etc/grafana/provisioning");
        JsonNode datasource =
                DeployFiles.yaml(provisioning.resolve("datasources/prometheus.yml"))
                        .path("datasources")
                        .get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        String prometheusPort =
                DeployFiles.strings(stack.service("prometheus").path("ports"))
                        .get(0)
                        .replaceAll(".*:", "");
        assertThat(datasource.path("url").asText())
                .isEqualTo("http://prometheus:" + prometheusPort);

        String dashboardInContainer =
                stack.bindMounts("grafana")
                        .get(DeployFiles.deploy("grafana/trickle-dashboard.json"));
        assertThat(dashboardInContainer).isNotNull();
        JsonNode provider =
                DeployFiles.yaml(provisioning.resolve("dashboards/trickle.yml"))
                        .path("providers")
                        .get(0);
        assertThat(provider.path("options").path("path").asText())
                .isEqualTo(Path.of(dashboardInContainer).getParent().toString());
        JsonNode dashboard = DeployFiles.json(DeployFiles.deploy("grafana/trickle-dashboard.json"));
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo(datasource.path("type").asText());
    }

    @Test
    void theTrafficScriptIsTheEntrypointItMounts() {
        List<String> entrypoint = DeployFiles.strings(stack.service("traffic").path("entrypoint"));
        assertThat(stack.bindMounts("traffic"))
                .containsEntry(ComposeStack.DIR.resolve("traffic.sh"), entrypoint.get(1));
        assertThat(entrypoint.get(0)).isEqualTo("/bin/sh");
    }

    /** trickle.yml as the trickle container loads it. */
    private ProxyConfig config() {
        String yaml = DeployFiles.text(ComposeStack.DIR.resolve("trickle.yml"));
        Map<String, String> env = stack.environment("trickle");
        assertThat(env.keySet()).containsAll(EnvReferences.required(yaml));
        ProxyConfig config = ConfigLoader.withEnvironment(env::get).parse(yaml);
        assertThat(config.listen().toString()).startsWith("0.0.0.0:");
        assertThat(config.admin().listen().toString()).startsWith("0.0.0.0:");
        return config;
    }
}
