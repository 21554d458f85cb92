package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.ProxyConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/systemd: the unit's command line, restart policy, timeouts and sandbox against the CLI and
 * the config defaults ({@code systemd-analyze verify} and {@code security} run in
 * .ci/deploy-checks.sh; {@link SystemdUnitIT} runs its command).
 */
final class SystemdUnitTest {
    private final SystemdUnit unit =
            SystemdUnit.parse(DeployFiles.text(DeployFiles.deploy("systemd/trickle.service")));

    @Test
    void runsServeWithTheConfigFileAsADedicatedUser() {
        assertThat(unit.value("Service", "User")).isEqualTo("trickle").isNotEqualTo("root");
        assertThat(unit.value("Service", "ExecStart")).startsWith("/usr/bin/java ");
        assertThat(unit.jar()).isEqualTo("/opt/trickle/trickle.jar");
        CommandLine.ParseResult serve = TrickleCommandLine.parse(unit.trickleArguments());
        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        assertThat(TrickleCommandLine.option(serve, "--config"))
                .isEqualTo("/etc/trickle/trickle.yml");
        assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void restartsOnFailureButNotOnABadConfigAndWaitsForTheDrain() {
        assertThat(unit.value("Service", "Restart")).isEqualTo("on-failure");
        assertThat(List.of(unit.value("Service", "RestartPreventExitStatus").split("\\s+")))
                .as("exit 78 is an invalid configuration: docs/configuration.md")
                .contains("78");
        Duration stop =
                Duration.ofSeconds(
                        Long.parseLong(unit.value("Service", "TimeoutStopSec").replace("s", "")));
        assertThat(stop).isGreaterThan(ProxyConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(unit.value("Service", "KillSignal")).isEqualTo("SIGTERM");
        assertThat(unit.has("Unit", "StartLimitBurst")).isTrue();
    }

    @Test
    void isSandboxedWithTheLedgerInItsStateDirectory() {
        assertThat(unit.value("Service", "NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.value("Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.value("Service", "PrivateTmp")).isEqualTo("yes");
        assertThat(unit.value("Service", "CapabilityBoundingSet")).isEmpty();
        assertThat(unit.has("Service", "MemoryDenyWriteExecute"))
                .as("the JIT needs writable executable memory")
                .isFalse();
        String state = "/var/lib/" + unit.value("Service", "StateDirectory");
        assertThat(unit.value("Service", "WorkingDirectory")).isEqualTo(state);
        assertThat(unit.value("Service", "Environment"))
                .isEqualTo("TRICKLE_LEDGER_URL=jdbc:sqlite:" + state + "/trickle-ledger.db");
        assertThat(unit.value("Service", "EnvironmentFile")).isEqualTo("/etc/trickle/trickle.env");
    }

    @Test
    void theEnvironmentFileExampleMakesTheExampleConfigurationLoad() {
        Map<String, String> env = new HashMap<>();
        for (String line :
                DeployFiles.text(DeployFiles.deploy("systemd/trickle.env.example")).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(
                        line.substring(0, line.indexOf('=')),
                        line.substring(line.indexOf('=') + 1));
            }
        }
        String ledger = unit.value("Service", "Environment");
        env.put(
                ledger.substring(0, ledger.indexOf('=')),
                ledger.substring(ledger.indexOf('=') + 1));
        // The secrets are left empty in the example; an operator fills them in.
        assertThat(env)
                .containsEntry("CLERK_SECRET_KEY", "")
                .containsEntry("TRICKLE_ADMIN_TOKEN", "");
        env.put("CLERK_SECRET_KEY", "sk_live_standInForTests");
        env.put("TRICKLE_ADMIN_TOKEN", "stand-in-token");
        env.put("LEGACY_DB_PASSWORD", "stand-in-password");

        ProxyConfig config =
                ConfigLoader.withEnvironment(env::get)
                        .load(DeployFiles.deploy("trickle.example.yml"));
        assertThat(config.listen().toString()).isEqualTo(env.get("TRICKLE_LISTEN"));
        assertThat(config.admin().listen().toString()).isEqualTo(env.get("TRICKLE_ADMIN_LISTEN"));
        assertThat(config.upstream().url().toString()).isEqualTo(env.get("LEGACY_URL"));
        assertThat(config.migration().orElseThrow().ledger().url())
                .isEqualTo(env.get("TRICKLE_LEDGER_URL"));
    }
}
