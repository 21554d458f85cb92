package dev.trickle.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class DemoIT {
    @Test
    void demoMovesEveryUserWhoLogsInToClerkOnceAndRepeatLoginsNeedNoClerkCall() throws Exception {
        StringWriter out = new StringWriter();
        int exit =
                new Demo(
                                new PrintWriter(out),
                                "127.0.0.1:0",
                                "127.0.0.1:0",
                                "127.0.0.1:0",
                                "127.0.0.1:0",
                                10,
                                40,
                                true)
                        .run();
        String text = out.toString();
        assertThat(exit).as(text).isZero();
        // 10 users: 6 log in first, 2 newcomers later, 1 from four tabs at once, 1 never.
        assertThat(text)
                .contains(
                        "Migrated 9 of 10 legacy users to Clerk (the ledger records 9 migrated);"
                                + " 1 never logged in")
                .contains(
                        "0 duplicates: 9 Clerk users, 9 distinct external_ids, 0 not a legacy id.")
                .containsPattern("Logins: \\d+ passed, [1-9]\\d* rejected .*, 0 errors\\.")
                .containsPattern("\\d+ of 10 users in Clerk")
                .contains("/metrics", "/status")
                .containsPattern("Dashboard +http://127\\.0\\.0\\.1:\\d+/ ");
        Matcher calls =
                Pattern.compile(
                                "Clerk calls: (\\d+) look-ups by external_id and (\\d+) creates for"
                                        + " (\\d+) successful logins: (\\d+) logins needed no call")
                        .matcher(text);
        assertThat(calls.find()).as(text).isTrue();
        assertThat(calls.group(1)).isEqualTo("9");
        assertThat(calls.group(2)).isEqualTo("9");
        int succeeded = Integer.parseInt(calls.group(3));
        assertThat(succeeded).isGreaterThan(9);
        assertThat(Integer.parseInt(calls.group(4))).isEqualTo(succeeded - 9);
    }
}
