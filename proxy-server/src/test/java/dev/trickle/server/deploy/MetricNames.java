package dev.trickle.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metric names in PromQL and in a Prometheus text-format scrape. */
final class MetricNames {
    // Every metric the proxy exposes carries one of these prefixes (Micrometer's JVM, process and
    // system binders and Trickle's own), and no PromQL function or keyword does.
    private static final Pattern NAME =
            Pattern.compile("\\b(?:trickle|jvm|process|system)_[a-zA-Z0-9_]+\\b");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private MetricNames() {}

    /** The metric names a PromQL expression selects (label values, in quotes, left out). */
    static Set<String> inQuery(String promql) {
        Matcher m = NAME.matcher(QUOTED.matcher(promql).replaceAll("\"\""));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** The sample names of a scrape: what a query can select, suffixes included. */
    static Set<String> inScrape(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            if (end < 0) {
                end = line.indexOf(' ');
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /** The metric families of a scrape whose {@code # HELP} line says nothing. */
    static Set<String> withoutHelp(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.split(" ", 4);
                if (parts.length < 4 || parts[3].isBlank()) {
                    names.add(parts[2]);
                }
            }
        }
        return names;
    }

    /** The most {@code le} buckets any one histogram series of a scrape has. */
    static int mostBucketsPerSeries(String scrape) {
        Map<String, Integer> buckets = new HashMap<>();
        for (String line : scrape.split("\n")) {
            int braces = line.indexOf('{');
            if (line.startsWith("#")
                    || braces < 0
                    || !line.substring(0, braces).endsWith("_bucket")) {
                continue;
            }
            String series =
                    line.substring(0, line.lastIndexOf('}')).replaceAll(",?le=\"[^\"]*\"", "");
            buckets.merge(series, 1, Integer::sum);
        }
        return buckets.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Every query of a Grafana dashboard: panel targets and template variable queries. */
    static Set<String> inDashboard(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                names.addAll(inQuery(target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            names.addAll(inQuery(variable.path("definition").asText()));
            names.addAll(inQuery(variable.path("query").path("query").asText()));
        }
        return names;
    }

    /** Every alert rule's expression. */
    static Set<String> inRules(JsonNode rules) {
        Set<String> names = new TreeSet<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.addAll(inQuery(rule.path("expr").asText()));
            }
        }
        return names;
    }

    /**
     * The series promtool's unit tests feed the rules that the proxy must expose: those Prometheus
     * makes itself ({@code up}) are left out.
     */
    static Set<String> inRuleTests(JsonNode tests) {
        Set<String> names = new TreeSet<>();
        for (JsonNode test : tests.path("tests")) {
            for (JsonNode series : test.path("input_series")) {
                String selector = series.path("series").asText();
                String name = selector.substring(0, selector.indexOf('{'));
                if (NAME.matcher(name).matches()) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
