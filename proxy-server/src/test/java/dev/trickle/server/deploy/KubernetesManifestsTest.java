package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trickle.core.clerk.ClerkSettings;
import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.server.config.AdminConfig;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.ProxyConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * deploy/kubernetes: both variants as kustomize assembles them, checked against the admin routes,
 * the config defaults, the image and the real configuration loader.
 */
final class KubernetesManifestsTest {
    static Kustomization variant(String name) {
        return Kustomization.load(DeployFiles.deploy("kubernetes/" + name));
    }

    static JsonNode container(Kustomization k) {
        JsonNode containers =
                k.one("Deployment").path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-sqlite", "multi-postgres"})
    void everyManifestIsAKubernetesObjectWithAName(String name) {
        Kustomization k = variant(name);
        assertThat(k.resources()).isNotEmpty();
        for (JsonNode resource : k.resources()) {
            assertThat(resource.path("apiVersion").asText()).as(resource.toString()).isNotEmpty();
            assertThat(resource.path("kind").asText()).as(resource.toString()).isNotEmpty();
            assertThat(resource.path("metadata").path("name").asText())
                    .as(resource.toString())
                    .isNotEmpty();
        }
        assertThat(k.all("Deployment")).hasSize(1);
        assertThat(k.all("Service")).hasSize(1);
        assertThat(k.all("PodDisruptionBudget")).hasSize(1);
        assertThat(k.all("Secret")).as("the Secret is created by hand, never applied").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-sqlite", "multi-postgres"})
    void probesHitTheAdminRoutesOnThePortTheConfigListensOn(String name) {
        Kustomization k = variant(name);
        JsonNode container = container(k);
        ProxyConfig config = load(k);
        Map<String, Integer> ports = new HashMap<>();
        container
                .path("ports")
                .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports)
                .containsEntry("proxy", config.listen().toSocketAddress().getPort())
                .containsEntry("admin", config.admin().listen().toSocketAddress().getPort());
        assertThat(ports.get("proxy")).isEqualTo(port(ProxyConfig.DEFAULT_LISTEN));
        assertThat(ports.get("admin")).isEqualTo(port(AdminConfig.DEFAULT_LISTEN));
        assertThat(config.listen().toString()).startsWith("0.0.0.0:");
        assertThat(config.admin().listen().toString()).startsWith("0.0.0.0:");

        assertThat(probe(container, "livenessProbe")).isEqualTo("/health/live admin");
        assertThat(probe(container, "readinessProbe")).isEqualTo("/health/ready admin");
        assertThat(probe(container, "startupProbe")).isEqualTo("/health/live admin");

        JsonNode service = k.one("Service");
        JsonNode podLabels =
                k.one("Deployment").path("spec").path("template").path("metadata").path("labels");
        assertSelects(service.path("spec").path("selector"), podLabels);
        List<String> targets = new ArrayList<>();
        service.path("spec").path("ports").forEach(p -> targets.add(p.path("targetPort").asText()));
        assertThat(targets).containsExactlyInAnyOrder("proxy", "admin");
        assertSelects(
                k.one("PodDisruptionBudget").path("spec").path("selector").path("matchLabels"),
                podLabels);
        assertSelects(
                k.one("Deployment").path("spec").path("selector").path("matchLabels"), podLabels);
    }

    private static void assertSelects(JsonNode selector, JsonNode labels) {
        assertThat(selector.properties()).isNotEmpty();
        for (Map.Entry<String, JsonNode> label : selector.properties()) {
            assertThat(labels.path(label.getKey()).asText())
                    .as("label %s", label.getKey())
                    .isEqualTo(label.getValue().asText());
        }
    }

    private static String probe(JsonNode container, String kind) {
        JsonNode get = container.path(kind).path("httpGet");
        return get.path("path").asText() + " " + get.path("port").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-sqlite", "multi-postgres"})
    void theConfigMapsTrickleYmlLoadsWithTheDeploymentsEnvironmentAlone(String name) {
        Kustomization k = variant(name);
        String yaml = configFile(k);
        Map<String, String> env = environment(k);
        assertThat(env.keySet())
                .as("variables trickle.yml needs")
                .containsAll(EnvReferences.required(yaml));
        assertThat(EnvReferences.in(yaml).keySet())
                .as("variables trickle.yml reads, a default aside")
                .isSubsetOf(withOptional(env.keySet()));
        ProxyConfig config = load(k);
        assertThat(config.admin().token()).as("admin.token guards /migration").isPresent();
        assertThat(config.migration()).isPresent();
        assertThat(config.migration().get().ledger().url())
                .isEqualTo(env.get("TRICKLE_LEDGER_URL"));

        // A misspelt key in the ConfigMap fails here, not in the cluster.
        Map<String, String> withoutKey = new HashMap<>(env);
        withoutKey.remove("CLERK_SECRET_KEY");
        try {
            ConfigLoader.withEnvironment(withoutKey::get).parse(yaml);
            throw new AssertionError("loaded without CLERK_SECRET_KEY");
        } catch (InvalidConfigException expected) {
            assertThat(expected.getMessage()).contains("CLERK_SECRET_KEY");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-sqlite", "multi-postgres"})
    void theConfigIsMountedWhereTheCommandLineReadsIt(String name) {
        Kustomization k = variant(name);
        JsonNode container = container(k);
        CommandLine.ParseResult serve =
                TrickleCommandLine.parse(DeployFiles.strings(container.path("args")));
        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        Path configPath = Path.of(TrickleCommandLine.option(serve, "--config"));
        JsonNode mount = mount(container, "config");
        assertThat(mount.path("mountPath").asText()).isEqualTo(configPath.getParent().toString());
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        String configMap = volume(k, "config").path("configMap").path("name").asText();
        assertThat(k.find("ConfigMap", configMap)).as("ConfigMap " + configMap).isPresent();
        assertThat(
                        k.find("ConfigMap", configMap)
                                .get()
                                .path("data")
                                .has(configPath.getFileName().toString()))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-sqlite", "multi-postgres"})
    void podsRunAsTheImagesUserWithAReadOnlyRootAndGetTimeToDrain(String name) {
        Kustomization k = variant(name);
        JsonNode pod = k.one("Deployment").path("spec").path("template").path("spec");
        String imageUser =
                ImageEnvironment.runtime().last("USER").arguments().strip().split(":")[0];
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asText()).isEqualTo(imageUser);
        JsonNode container = container(k);
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean())
                .isFalse();
        assertThat(mount(container, "tmp").path("mountPath").asText()).isEqualTo("/tmp");
        assertThat(volume(k, "tmp").has("emptyDir")).isTrue();
        assertThat(container.path("resources").path("requests").path("memory").asText())
                .isNotEmpty();
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();

        List<String> preStop =
                DeployFiles.strings(
                        container.path("lifecycle").path("preStop").path("exec").path("command"));
        assertThat(preStop.get(0)).isEqualTo("sleep");
        long drainSeconds = Long.parseLong(preStop.get(1)) + load(k).shutdownTimeout().toSeconds();
        assertThat(pod.path("terminationGracePeriodSeconds").asLong()).isGreaterThan(drainSeconds);
    }

    @Test
    void singleSqliteRunsOnePodAtATimeWithTheLedgerOnItsClaim() {
        Kustomization k = variant("single-sqlite");
        JsonNode deployment = k.one("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(deployment.path("spec").path("strategy").path("type").asText())
                .isEqualTo("Recreate");
        assertThat(k.all("HorizontalPodAutoscaler"))
                .as("an autoscaler would start a second pod on the file")
                .isEmpty();
        String claim = volume(k, "ledger").path("persistentVolumeClaim").path("claimName").asText();
        JsonNode pvc =
                k.find("PersistentVolumeClaim", claim)
                        .orElseThrow(() -> new AssertionError("no PVC " + claim));
        assertThat(DeployFiles.strings(pvc.path("spec").path("accessModes")))
                .containsExactly("ReadWriteOnce");
        String ledgerUrl = load(k).migration().orElseThrow().ledger().url();
        assertThat(ledgerUrl).startsWith("jdbc:sqlite:");
        Path ledgerFile = Path.of(ledgerUrl.substring("jdbc:sqlite:".length()));
        assertThat(ledgerFile.getParent().toString())
                .isEqualTo(mount(container(k), "ledger").path("mountPath").asText());
        assertThat(k.one("PodDisruptionBudget").path("spec").path("maxUnavailable").asInt())
                .as("minAvailable 1 on one replica would block every node drain")
                .isEqualTo(1);
    }

    @Test
    void multiPostgresRunsReplicasThatShareAPostgresLedger() {
        Kustomization k = variant("multi-postgres");
        JsonNode deployment = k.one("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode strategy = deployment.path("spec").path("strategy");
        assertThat(strategy.path("type").asText()).isEqualTo("RollingUpdate");
        assertThat(strategy.path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
        assertThat(k.all("PersistentVolumeClaim")).isEmpty();
        var ledger = load(k).migration().orElseThrow().ledger();
        assertThat(ledger.url()).startsWith("jdbc:postgresql://");
        assertThat(ledger.user()).isNotEmpty();
        assertThat(ledger.password().isEmpty()).as("ledger password from the Secret").isFalse();

        JsonNode hpa = k.one("HorizontalPodAutoscaler").path("spec");
        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("scaleTargetRef").path("name").asText())
                .isEqualTo(deployment.path("metadata").path("name").asText());
        assertThat(hpa.path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        int minAvailable = k.one("PodDisruptionBudget").path("spec").path("minAvailable").asInt();
        assertThat(minAvailable).isBetween(1, hpa.path("minReplicas").asInt() - 1);

        ClerkSettings clerk = load(k).migration().orElseThrow().clerk();
        int keyLimit = ClerkSettings.of(clerk.secretKey()).effectiveRateLimit().permits();
        assertThat(clerk.effectiveRateLimit().permits() * hpa.path("maxReplicas").asInt())
                .as("the most pods the autoscaler runs stay within the key's Clerk limit together")
                .isBetween(keyLimit * 9 / 10, keyLimit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-sqlite", "multi-postgres"})
    void theNetworkPolicyOpensTheProxyPortToAllAndTheAdminPortOnlyToMonitoring(String name) {
        Kustomization k = variant(name);
        JsonNode policy = k.one("NetworkPolicy").path("spec");
        assertSelects(
                policy.path("podSelector").path("matchLabels"),
                k.one("Deployment").path("spec").path("template").path("metadata").path("labels"));
        assertThat(DeployFiles.strings(policy.path("policyTypes"))).containsExactly("Ingress");
        List<String> containerPorts = new ArrayList<>();
        container(k).path("ports").forEach(p -> containerPorts.add(p.path("name").asText()));
        boolean proxyOpen = false;
        boolean adminRestricted = false;
        for (JsonNode rule : policy.path("ingress")) {
            for (JsonNode port : rule.path("ports")) {
                String named = port.path("port").asText();
                assertThat(containerPorts)
                        .as("the container has a port named " + named)
                        .contains(named);
                if (named.equals("proxy")) {
                    proxyOpen = !rule.has("from");
                }
                if (named.equals("admin")) {
                    adminRestricted = rule.path("from").size() > 0;
                }
            }
        }
        assertThat(proxyOpen).as("the proxy port is open to every client").isTrue();
        assertThat(adminRestricted).as("the admin port, with its kill switch, is not").isTrue();
    }

    @Test
    void theMonitoringVariantScrapesTheAdminPortWithTheTokenAndCarriesTheAlertRules() {
        Kustomization k = variant("monitoring");
        JsonNode endpoint = k.one("ServiceMonitor").path("spec").path("endpoints").get(0);
        JsonNode service = variant("single-sqlite").one("Service");
        List<String> servicePorts = new ArrayList<>();
        service.path("spec").path("ports").forEach(p -> servicePorts.add(p.path("name").asText()));
        assertThat(servicePorts).contains(endpoint.path("port").asText());
        assertThat(endpoint.path("port").asText()).isEqualTo("admin");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        JsonNode credentials = endpoint.path("authorization").path("credentials");
        assertThat(credentials.path("name").asText()).isEqualTo("trickle-secrets");
        assertThat(credentials.path("key").asText()).isEqualTo("TRICKLE_ADMIN_TOKEN");

        JsonNode rules = DeployFiles.yaml(DeployFiles.deploy("prometheus/trickle-alerts.yml"));
        assertThat(k.one("PrometheusRule").path("spec").path("groups"))
                .as("prometheusrule.yaml is trickle-alerts.yml: run prometheusrule.py")
                .isEqualTo(rules.path("groups"));
    }

    @Test
    void theExampleSecretHoldsEverySecretTheDeploymentsRead() {
        JsonNode secret =
                DeployFiles.yaml(DeployFiles.deploy("kubernetes/base/secret.example.yaml"));
        for (String name : List.of("single-sqlite", "multi-postgres")) {
            Kustomization k = variant(name);
            assertThat(k.files()).noneMatch(f -> f.getFileName().toString().startsWith("secret"));
            for (JsonNode var : container(k).path("env")) {
                JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertThat(ref.path("name").asText())
                            .isEqualTo(secret.path("metadata").path("name").asText());
                    assertThat(secret.path("stringData").has(ref.path("key").asText()))
                            .as("%s in secret.example.yaml", ref.path("key").asText())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void readinessIsExplainedWhereItIsDeclared() {
        for (String name : List.of("single-sqlite", "multi-postgres")) {
            String text =
                    DeployFiles.text(DeployFiles.deploy("kubernetes/" + name + "/deployment.yaml"));
            String beforeReadiness = text.substring(0, text.indexOf("readinessProbe:"));
            assertThat(beforeReadiness.substring(beforeReadiness.lastIndexOf("livenessProbe")))
                    .contains("never Clerk", "docs/configuration.md");
        }
    }

    /**
     * The variables a pod may leave to their defaults: Clerk's public API address, and the ledger
     * credentials a SQLite ledger does without.
     */
    private static java.util.Set<String> withOptional(java.util.Set<String> set) {
        java.util.Set<String> all = new java.util.HashSet<>(set);
        all.addAll(
                List.of(
                        "CLERK_API_URL",
                        "TRICKLE_LEDGER_USER",
                        "TRICKLE_LEDGER_PASSWORD",
                        "TRICKLE_CLERK_REPLICAS"));
        return all;
    }

    /** The container's environment; secrets get stand-in values of the right shape. */
    static Map<String, String> environment(Kustomization k) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode var : container(k).path("env")) {
            String name = var.path("name").asText();
            if (var.has("value")) {
                env.put(name, var.path("value").asText());
            } else if (var.path("valueFrom").has("secretKeyRef")) {
                env.put(
                        name,
                        name.equals("CLERK_SECRET_KEY")
                                ? "sk_live_standInForTests"
                                : "stand-in-secret-as-long-as-a-real-one");
            } else {
                throw new AssertionError("env " + name + ": neither a value nor a Secret: " + var);
            }
        }
        return env;
    }

    static String configFile(Kustomization k) {
        String configMap = volume(k, "config").path("configMap").path("name").asText();
        return k.find("ConfigMap", configMap)
                .orElseThrow(() -> new AssertionError("no ConfigMap " + configMap))
                .path("data")
                .path("trickle.yml")
                .asText();
    }

    static ProxyConfig load(Kustomization k) {
        Map<String, String> env = environment(k);
        return ConfigLoader.withEnvironment(env::get).parse(configFile(k));
    }

    private static JsonNode volume(Kustomization k, String name) {
        for (JsonNode v :
                k.one("Deployment").path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static JsonNode mount(JsonNode container, String name) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no volume mount " + name);
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
