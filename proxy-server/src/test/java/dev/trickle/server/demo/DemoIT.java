package dev.trickle.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class DemoIT {
    @Test
    void demoLogsUsersInThroughTheProxyWithoutErrors() throws Exception {
        StringWriter out = new StringWriter();
        int exit =
                new Demo(
                                new PrintWriter(out),
                                "127.0.0.1:0",
                                "127.0.0.1:0",
                                "127.0.0.1:0",
                                10,
                                40,
                                true)
                        .run();
        assertThat(exit).isZero();
        assertThat(out.toString())
                .containsPattern(
                        "Done in [0-9.]+ s: \\d+ logins passed through the proxy, \\d+ rejected")
                .contains("0 errors")
                .containsPattern("The legacy app counted \\d+ successful and \\d+ failed logins");
    }
}
