package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What an image scanner finds in {@code trickle.jar}: the proxy and what it runs, not the demo, the
 * Clerk emulator or the OpenAPI validator's dependency tree, which {@code trickle-demo.jar} carries
 * instead.
 */
final class ProductionJarIT {
    private static final Path PRODUCTION = Path.of("target", "trickle.jar");
    private static final Path DEMO = Path.of("target", "trickle-demo.jar");

    /** The validator's tree and the tools that use it, by package. */
    private static final Set<String> DEMO_ONLY =
            Set.of(
                    "dev/trickle/server/emulator",
                    "dev/trickle/server/demo",
                    "com/atlassian",
                    "io/swagger",
                    "org/mozilla",
                    "org/joda",
                    "com/google/common",
                    "com/google/i18n",
                    "com/sun/mail",
                    "com/github/fge",
                    "joptsimple",
                    "javax/mail",
                    "javax/validation",
                    "org/apache/commons",
                    "swagger/",
                    "clerk/bapi-openapi.yml");

    @Test
    void theProductionJarHoldsNoDemoOrEmulatorAndBothNativeTransports() throws Exception {
        Set<String> production = entries(PRODUCTION);
        for (String demoOnly : DEMO_ONLY) {
            assertThat(production).noneMatch(e -> e.startsWith(demoOnly));
        }
        assertThat(production)
                .contains("dev/trickle/server/cli/Main.class")
                .contains("META-INF/native/libnetty_transport_native_epoll_x86_64.so")
                .contains("META-INF/native/libnetty_transport_native_epoll_aarch_64.so");

        Set<String> demo = entries(DEMO);
        assertThat(demo)
                .contains("dev/trickle/server/emulator/ClerkEmulator.class")
                .anyMatch(e -> e.startsWith("com/atlassian/oai"));
    }

    @Test
    void askingTheProductionJarForTheDemoSaysWhichJarHasIt() throws Exception {
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-jar",
                                PRODUCTION.toString(),
                                "demo")
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.strip()).startsWith("trickle: demo ships in trickle-demo.jar");
    }

    private static Set<String> entries(Path jar) throws Exception {
        assertThat(jar).exists();
        Set<String> names = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().forEach(e -> names.add(e.getName()));
        }
        return names;
    }
}
