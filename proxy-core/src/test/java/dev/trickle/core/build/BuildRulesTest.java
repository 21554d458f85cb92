package dev.trickle.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules the code keeps so that it stays easy to change (docs/design.md): unit tests move time by
 * hand instead of sleeping, and nothing in proxy-core imports Netty (its pom bans the dependency
 * too). Integration tests ({@code *IT}) may wait for real processes; unit tests ({@code *Test}) may
 * not.
 */
final class BuildRulesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SLEEP =
            Pattern.compile("Thread\\.sleep\\(|TimeUnit\\.[A-Z]+\\.sleep\\(");

    @Test
    void noUnitTestSleeps() throws IOException {
        List<Path> sleeping =
                sources("proxy-core/src/test/java", "proxy-server/src/test/java")
                        .filter(p -> p.getFileName().toString().endsWith("Test.java"))
                        .filter(p -> !p.endsWith("BuildRulesTest.java"))
                        .filter(p -> SLEEP.matcher(read(p)).find())
                        .toList();
        assertThat(sleeping).as("unit tests that sleep: inject a clock or ticker").isEmpty();
    }

    @Test
    void proxyCoreImportsNoNetty() throws IOException {
        List<Path> importing =
                sources("proxy-core/src/main/java", "proxy-core/src/test/java")
                        .filter(p -> !p.endsWith("BuildRulesTest.java"))
                        .filter(p -> read(p).contains("import io.netty."))
                        .toList();
        assertThat(importing).isEmpty();
    }

    private static Stream<Path> sources(String... roots) throws IOException {
        Stream<Path> all = Stream.empty();
        for (String root : roots) {
            Path dir = REPO.resolve(root);
            assertThat(dir).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                all =
                        Stream.concat(
                                all,
                                files
                                        .filter(p -> p.toString().endsWith(".java"))
                                        .toList()
                                        .stream());
            }
        }
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
