package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.server.config.AdminConfig;
import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.ProxyConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/Dockerfile checked against what it packages: no Docker engine runs in CI, so everything
 * that can be known without building is checked here (and the health path over a socket in {@link
 * ProbePathsIT}).
 */
final class DockerfileTest {
    private final Dockerfile dockerfile =
            Dockerfile.parse(DeployFiles.text(DeployFiles.deploy("Dockerfile")));

    @Test
    void buildsWithMavenOnJdk17AndRunsOnAJre17() {
        assertThat(dockerfile.stages()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(dockerfile.build().image()).startsWith("maven:").contains("temurin-17");
        assertThat(dockerfile.build().alias()).contains("build");
        assertThat(dockerfile.runtime().image()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile.build().last("RUN").arguments())
                .contains("mvn ", " package")
                .contains("-pl proxy-server -am");
    }

    @Test
    void copiesTheJarTheMavenBuildProducesAndRunsIt() throws Exception {
        String buildDir = dockerfile.build().last("WORKDIR").arguments().strip();
        String jarInBuild = buildDir + "/proxy-server/" + shadedJarRelativeToModule();
        List<String> copy = dockerfile.runtime().last("COPY").words();
        assertThat(copy).hasSize(3);
        assertThat(copy.get(0)).isEqualTo("--from=build");
        assertThat(copy.get(1).replace("${JAR}", jarArgumentDefault())).isEqualTo(jarInBuild);
        String jarInImage = copy.get(2);

        List<String> command = new ArrayList<>(dockerfile.runtime().last("ENTRYPOINT").words());
        assertThat(command.get(0)).isEqualTo("java");
        int jar = command.indexOf("-jar");
        assertThat(command.get(jar + 1)).isEqualTo(jarInImage);
        List<String> args = new ArrayList<>(command.subList(jar + 2, command.size()));
        args.addAll(dockerfile.runtime().last("CMD").words());

        CommandLine.ParseResult serve = TrickleCommandLine.parse(args);
        assertThat(serve.commandSpec().name()).isEqualTo("serve");
        String configPath = TrickleCommandLine.option(serve, "--config");
        assertThat(configPath).isEqualTo("/etc/trickle/trickle.yml");
        assertThat(DeployFiles.text(DeployFiles.deploy("README.md"))).contains(configPath);
    }

    /** The default of the runtime stage's {@code ARG JAR}: the jar a plain build copies. */
    private String jarArgumentDefault() {
        String arg = dockerfile.runtime().last("ARG").arguments().strip();
        assertThat(arg).startsWith("JAR=");
        return arg.substring("JAR=".length());
    }

    /** Where maven-shade-plugin writes the production jar (its first execution), from the pom. */
    private static String shadedJarRelativeToModule() throws Exception {
        var pom =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(DeployFiles.REPO.resolve("proxy-server/pom.xml").toFile());
        String output =
                XPathFactory.newInstance()
                        .newXPath()
                        .evaluate(
                                "//*[local-name()='plugin'][*[local-name()='artifactId']"
                                        + "='maven-shade-plugin']//*[local-name()='outputFile']",
                                pom)
                        .strip();
        assertThat(output).startsWith("${project.build.directory}/");
        return output.replace("${project.build.directory}", "target");
    }

    @Test
    void buildStageCopiesOnlyWhatExistsAndTheDockerignoreLetsThrough() {
        List<String> ignored =
                DeployFiles.text(DeployFiles.REPO.resolve(".dockerignore"))
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
        assertThat(ignored).contains(".git", "**/target");
        for (Dockerfile.Instruction copy : dockerfile.build().all("COPY")) {
            List<String> words = copy.words();
            for (String source : words.subList(0, words.size() - 1)) {
                assertThat(DeployFiles.REPO.resolve(source)).as(copy.toString()).exists();
                for (String pattern : ignored) {
                    assertThat(excludes(pattern, source))
                            .as(
                                    ".dockerignore %s drops %s, which the build copies",
                                    pattern, source)
                            .isFalse();
                }
            }
        }
    }

    /** Whether a .dockerignore line drops {@code path} or a parent of it. */
    private static boolean excludes(String pattern, String path) {
        var matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        for (Path p = Path.of(path); p != null; p = p.getParent()) {
            if (matcher.matches(p)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void listensOnEveryInterfaceOnTheDefaultPortsAndExposesThem() {
        Map<String, String> env = ImageEnvironment.of(dockerfile.runtime());
        String proxyPort = port(ProxyConfig.DEFAULT_LISTEN);
        String adminPort = port(AdminConfig.DEFAULT_LISTEN);
        assertThat(env)
                .containsEntry("TRICKLE_LISTEN", "0.0.0.0:" + proxyPort)
                .containsEntry("TRICKLE_ADMIN_LISTEN", "0.0.0.0:" + adminPort);
        assertThat(dockerfile.runtime().last("EXPOSE").words())
                .containsExactlyInAnyOrder(proxyPort, adminPort);
        assertThat(dockerfile.runtime().last("HEALTHCHECK").arguments())
                .contains("http://127.0.0.1:" + adminPort + "/health/live");
    }

    @Test
    void theExampleConfigurationTakesTheImagesAddressesAndPutsTheLedgerOnTheVolume() {
        Map<String, String> env = ImageEnvironment.of(dockerfile.runtime());
        ProxyConfig config =
                ConfigLoader.withEnvironment(
                                name ->
                                        switch (name) {
                                            case "CLERK_SECRET_KEY" -> "sk_test_dockerfileTest";
                                            case "LEGACY_DB_URL" -> "jdbc:sqlite:legacy.db";
                                            default -> env.get(name);
                                        })
                        .load(DeployFiles.deploy("trickle.example.yml"));
        assertThat(config.listen().toString()).isEqualTo(env.get("TRICKLE_LISTEN"));
        assertThat(config.admin().listen().toString()).isEqualTo(env.get("TRICKLE_ADMIN_LISTEN"));
        String ledgerUrl = config.migration().orElseThrow().ledger().url();
        assertThat(ledgerUrl).isEqualTo(env.get("TRICKLE_LEDGER_URL")).startsWith("jdbc:sqlite:/");
        String ledgerDir =
                Path.of(ledgerUrl.substring("jdbc:sqlite:".length())).getParent().toString();
        assertThat(dockerfile.runtime().last("VOLUME").words()).contains(ledgerDir);
        assertThat(dockerfile.runtime().last("WORKDIR").arguments().strip()).isEqualTo(ledgerDir);
    }

    @Test
    void runsAsTheUnprivilegedUserItCreates() {
        String user = dockerfile.runtime().last("USER").arguments().strip();
        String uid = user.split(":")[0];
        assertThat(uid).isNotIn("root", "0");
        String setup =
                String.join(
                        " ",
                        dockerfile.runtime().all("RUN").stream()
                                .map(Dockerfile.Instruction::arguments)
                                .toList());
        assertThat(setup).contains("useradd --system --uid " + uid);
        // The user may write only where the ledger lives.
        String ledgerDir = dockerfile.runtime().last("VOLUME").words().get(0);
        assertThat(setup).contains("chown trickle:trickle " + ledgerDir);
    }

    private static String port(String hostPort) {
        return hostPort.substring(hostPort.lastIndexOf(':') + 1);
    }
}
