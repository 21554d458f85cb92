package dev.trickle.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The configuration as it will run, defaults filled in, one line per section for the start-up log:
 * what an operator reads to see which value won. Secrets print as {@code <masked>} (their records'
 * own {@code toString}), and so do credentials written into a URL.
 */
public final class EffectiveConfig {
    private static final Pattern URL_PARAMETER =
            Pattern.compile("(?i)\\b(password|passwd|pwd|secret|token|key)=([^&;,\\s\\]]+)");
    private static final Pattern URL_USER_INFO = Pattern.compile("//([^/:@\\s]+):([^@/\\s]+)@");

    private EffectiveConfig() {}

    public static List<String> lines(ProxyConfig config) {
        List<String> lines = new ArrayList<>();
        lines.add("listen=" + config.listen() + " tls=" + config.tls().isPresent());
        lines.add("upstream=" + config.upstream());
        lines.add("admin=" + config.admin());
        lines.add("client=" + config.client());
        lines.add("forwarded=" + config.forwarded());
        lines.add(
                "transport="
                        + config.transport()
                        + " ioThreads="
                        + config.ioThreads()
                        + " shutdownTimeout="
                        + config.shutdownTimeout());
        config.migration()
                .ifPresent(
                        m -> {
                            lines.add("clerk=" + m.clerk());
                            m.sourceClerk().ifPresent(s -> lines.add("sourceClerk=" + s));
                            lines.add("ledger=" + m.ledger());
                            m.legacyDatabase().ifPresent(d -> lines.add("legacyDatabase=" + d));
                            lines.add("migration=" + m.policy() + " rollout=" + m.rollout());
                            lines.add("hashes=" + m.hashes());
                            m.routes().forEach(r -> lines.add("route=" + r));
                        });
        return lines.stream().map(EffectiveConfig::scrub).toList();
    }

    private static String scrub(String line) {
        String masked = URL_PARAMETER.matcher(line).replaceAll("$1=<masked>");
        return URL_USER_INFO.matcher(masked).replaceAll("//$1:<masked>@");
    }
}
