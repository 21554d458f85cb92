package dev.trickle.server.proxy.login;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of Trickle's admin {@code /metrics}: each series (name and labels) to its value. */
record PrometheusSamples(Map<String, Double> series) {
    static PrometheusSamples scrape(URI admin) throws IOException {
        String text;
        try (BenchConnection connection = new BenchConnection(admin)) {
            text = connection.send(connection.request("GET", "/metrics", null, null)).body();
        }
        Map<String, Double> series = new TreeMap<>();
        for (String line : text.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || space < 0) {
                continue;
            }
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusSamples(series);
    }

    /** Sum over every series whose name (labels aside) is {@code name}. */
    double sum(String name) {
        return series.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** Series of {@code name} that grew since {@code earlier}, with the growth. */
    Map<String, Double> grownSince(PrometheusSamples earlier, String name) {
        Map<String, Double> grown = new TreeMap<>();
        series.forEach(
                (key, value) -> {
                    if (key.startsWith(name + "{")) {
                        double delta = value - earlier.series.getOrDefault(key, 0.0);
                        if (delta > 0) {
                            grown.put(key.substring(name.length()), delta);
                        }
                    }
                });
        return grown;
    }
}
