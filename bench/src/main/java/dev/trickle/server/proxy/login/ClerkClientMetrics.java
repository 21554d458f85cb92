package dev.trickle.server.proxy.login;

import java.io.IOException;
import java.net.URI;

/**
 * What Trickle's own Clerk client recorded, read from the admin port's Prometheus text: time spent
 * waiting for rate-limiter permits and time spent in Clerk HTTP calls, as sums and counts.
 */
record ClerkClientMetrics(
        double limiterWaitSeconds, long limiterWaits, double requestSeconds, long requests) {
    private static final String WAIT = "trickle_clerk_limiter_wait_seconds";
    private static final String REQUESTS = "trickle_clerk_requests_seconds";

    static ClerkClientMetrics scrape(URI admin) throws IOException {
        String text;
        try (BenchConnection connection = new BenchConnection(admin)) {
            text = connection.send(connection.request("GET", "/metrics", null, null)).body();
        }
        double waitSum = 0;
        long waitCount = 0;
        double requestSum = 0;
        long requestCount = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, space);
            double value = Double.parseDouble(line.substring(space + 1));
            if (name.startsWith(WAIT + "_sum")) {
                waitSum += value;
            } else if (name.startsWith(WAIT + "_count")) {
                waitCount += (long) value;
            } else if (name.startsWith(REQUESTS + "_sum")) {
                requestSum += value;
            } else if (name.startsWith(REQUESTS + "_count")) {
                requestCount += (long) value;
            }
        }
        return new ClerkClientMetrics(waitSum, waitCount, requestSum, requestCount);
    }

    ClerkClientMetrics minus(ClerkClientMetrics earlier) {
        return new ClerkClientMetrics(
                limiterWaitSeconds - earlier.limiterWaitSeconds,
                limiterWaits - earlier.limiterWaits,
                requestSeconds - earlier.requestSeconds,
                requests - earlier.requests);
    }
}
