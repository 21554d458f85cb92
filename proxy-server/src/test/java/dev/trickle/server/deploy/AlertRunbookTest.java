package dev.trickle.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every alert sends whoever it pages to a runbook section that exists, named after the alert, and
 * has promtool cases that exercise it.
 */
final class AlertRunbookTest {
    private static final Pattern RUNBOOK = Pattern.compile("docs/operations\\.md#([a-z0-9-]+)");
    private static final Pattern HEADING = Pattern.compile("(?m)^## (.+)$");

    private final JsonNode rules =
            DeployFiles.yaml(DeployFiles.deploy("prometheus/trickle-alerts.yml"));
    private final String runbook = DeployFiles.text(DeployFiles.REPO.resolve("docs/operations.md"));

    @Test
    void everyAlertLinksTheRunbookSectionNamedAfterIt() {
        Set<String> anchors = anchors(runbook);
        for (JsonNode rule : alerts()) {
            String name = rule.path("alert").asText();
            Matcher link = RUNBOOK.matcher(rule.path("annotations").path("description").asText());
            assertThat(link.find()).as("%s names its runbook section", name).isTrue();
            assertThat(link.group(1)).isEqualTo(anchorOf(name));
            assertThat(anchors).as("docs/operations.md sections").contains(link.group(1));
        }
    }

    @Test
    void everyAlertHasPromtoolCases() {
        JsonNode tests = DeployFiles.yaml(DeployFiles.deploy("prometheus/trickle-alerts.test.yml"));
        Set<String> tested = new HashSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                tested.add(check.path("alertname").asText());
            }
        }
        for (JsonNode rule : alerts()) {
            assertThat(tested).contains(rule.path("alert").asText());
        }
    }

    private List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            group.path("rules").forEach(alerts::add);
        }
        assertThat(alerts).isNotEmpty();
        return alerts;
    }

    /** GitHub's anchor of a heading: lower case, spaces to hyphens, punctuation dropped. */
    private static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(markdown);
        while (heading.find()) {
            anchors.add(
                    heading.group(1)
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9 -]", "")
                            .replace(' ', '-'));
        }
        return anchors;
    }

    /** TrickleMigrationStalled is documented under "Trickle migration stalled". */
    private static String anchorOf(String alert) {
        return alert.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
