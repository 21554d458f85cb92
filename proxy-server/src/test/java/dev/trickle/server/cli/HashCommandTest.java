package dev.trickle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives {@code trickle hash ...} in-process through {@link Main}'s command tree. */
final class HashCommandTest {
    private static final String BCRYPT_OF_PASSWORD =
            "$2b$04$sOAPw8YOGRUcYymqVIRenujXHyFtr81BSN7kURDd30qSFReHOgnKq";
    private static final String SECRET_PASSWORD = "hunter2-s3cr3t";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory withStdin =
                new CommandLine.IFactory() {
                    @Override
                    public <K> K create(Class<K> type) throws Exception {
                        if (type == HashCommand.class) {
                            return type.cast(
                                    new HashCommand(
                                            new ByteArrayInputStream(
                                                    stdin.getBytes(StandardCharsets.UTF_8))));
                        }
                        return defaults.create(type);
                    }
                };
        CommandLine cli = new CommandLine(new Main(), withStdin);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void identifyPrintsFormatAndClerkHasherPerLine() {
        int exit =
                run(
                        BCRYPT_OF_PASSWORD
                                + "\n5f4dcc3b5aa765d61d8327deb882cf99\n$1$FvvlgoIi$ahOncq4cfi58vEv0d6mjr0\nnonsense\n",
                        "hash",
                        "identify");

        assertThat(exit).isZero();
        assertThat(out.toString().lines())
                .containsExactly(
                        "bcrypt\tbcrypt\t",
                        "md5\tmd5\tguessed from the digest's shape: confirm with a format override",
                        "md5_crypt\t-\tClerk has no MD5-crypt hasher",
                        "unknown\t-\tno known format matches this digest");
    }

    @Test
    void verifyPrintsOneJsonLinePerInputAndNeverThePassword() throws Exception {
        String input =
                String.join(
                        "\n",
                        "{\"digest\": \"" + BCRYPT_OF_PASSWORD + "\", \"password\": \"password\"}",
                        "{\"digest\": \""
                                + BCRYPT_OF_PASSWORD
                                + "\", \"password\": \""
                                + SECRET_PASSWORD
                                + "\"}",
                        "{\"digest\": \"5f4dcc3b5aa765d61d8327deb882cf99\", \"password\": \"password\", \"hasher\": \"md5\"}",
                        "{\"digest\": \"$2b$31$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234\", \"password\": \""
                                + SECRET_PASSWORD
                                + "\"}",
                        "{\"digest\": 5, \"password\": \"" + SECRET_PASSWORD + "\"",
                        "{\"password\": \"" + SECRET_PASSWORD + "\"}");

        int exit = run(input, "hash", "verify");

        assertThat(exit).isZero();
        assertThat(out.toString()).doesNotContain(SECRET_PASSWORD);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).toString())
                .isEqualTo(
                        "{\"match\":true,\"format\":\"bcrypt\",\"clerk_hasher\":\"bcrypt\",\"clerk_digest\":\""
                                + BCRYPT_OF_PASSWORD
                                + "\",\"error\":null}");
        assertThat(lines.get(1).get("match").asBoolean()).isFalse();
        assertThat(lines.get(1).get("error").isNull()).isTrue();
        assertThat(lines.get(2).get("clerk_hasher").asText()).isEqualTo("md5");
        assertThat(lines.get(2).get("match").asBoolean()).isTrue();
        assertThat(lines.get(3).get("error").asText())
                .isEqualTo("bcrypt: bcrypt cost 31 exceeds the configured limit 14");
        assertThat(lines.get(4).get("error").asText()).isEqualTo("line is not valid JSON");
        assertThat(lines.get(5).get("error").asText())
                .isEqualTo("expected an object with string fields digest and password");
    }

    @Test
    void hashWithoutSubcommandFailsWithUsage() {
        int exit = run("", "hash");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("Missing required subcommand");
    }

    @Test
    void verifyWithServesConfigJudgesDigestsByItsHashesSection(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("trickle.yml");
        Files.writeString(config, "hashes:\n  maxBcryptCost: 4\n  memoryBudget: 8MiB\n");
        String bcryptCost5 = "$2b$05$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
        String scrypt16Mib = "scrypt:16384:8:1$salt$00ff";
        String input =
                "{\"digest\": \""
                        + bcryptCost5
                        + "\", \"password\": \"pw\"}\n"
                        + "{\"digest\": \""
                        + scrypt16Mib
                        + "\", \"password\": \"pw\"}\n";

        int exit = run(input, "hash", "verify", "--config", config.toString());

        assertThat(exit).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines.get(0).get("error").asText()).contains("bcrypt cost 5 exceeds");
        assertThat(lines.get(1).get("error").asText())
                .contains("memory bytes")
                .contains("exceeds the configured limit 8388608");
    }

    @Test
    void verifyWithAnInvalidConfigNamesTheKeyAndExits78(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("trickle.yml");
        Files.writeString(config, "hashes:\n  workerThreads: 0\n");

        assertThat(run("", "hash", "verify", "--config", config.toString())).isEqualTo(78);
        assertThat(err.toString()).contains("hashes.workerThreads");
    }
}
