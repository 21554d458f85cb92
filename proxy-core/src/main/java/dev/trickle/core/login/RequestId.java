package dev.trickle.core.login;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id that ties a login's log lines together: the client's or an upstream load balancer's {@code
 * X-Request-Id} when it looks like an id, else a fresh random one. A header that could smuggle text
 * into a log line (spaces, quotes, control characters, anything long) is not used.
 */
public final class RequestId {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestId() {}

    public static String of(HttpFields headers) {
        return accept(headers.first(HEADER).orElse(null));
    }

    /** {@code header} when it is a safe id, else a fresh one; null for no header. */
    public static String accept(String header) {
        return header != null && SAFE.matcher(header).matches() ? header : fresh();
    }

    static String fresh() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
