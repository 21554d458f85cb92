package dev.trickle.core.clerk;

import static java.util.Objects.requireNonNull;

import dev.trickle.core.config.ConfigProblems;
import dev.trickle.core.config.Secret;
import dev.trickle.core.ratelimit.RateLimit;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the Clerk Backend API client (config keys {@code clerk.*}).
 *
 * @param apiUrl {@code clerk.apiUrl}, base URL including {@code /v1}
 * @param secretKey {@code clerk.secretKey}, {@code sk_test_...} or {@code sk_live_...}
 * @param connectTimeout {@code clerk.connectTimeout}
 * @param requestTimeout {@code clerk.requestTimeout}, per attempt (the caller's deadline may cut it
 *     shorter)
 * @param rateLimit {@code clerk.rateLimit.permits}/{@code .period}; {@code null} means the default
 *     of the key's instance kind
 * @param userUpdateLimit {@code clerk.userUpdateLimit.*}, updates of one user
 * @param retry {@code clerk.retry.*}
 */
public record ClerkSettings(
        String apiUrl,
        Secret secretKey,
        Duration connectTimeout,
        Duration requestTimeout,
        RateLimit rateLimit,
        RateLimit userUpdateLimit,
        RetryPolicy retry) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Clerk docs, system limits (2026-05-12): 10 updates per 10 s for one user. */
    public static final RateLimit DEFAULT_USER_UPDATE_LIMIT =
            RateLimit.of(10, Duration.ofSeconds(10));

    public ClerkSettings {
        requireNonNull(apiUrl, "apiUrl");
        requireNonNull(secretKey, "secretKey");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(requestTimeout, "requestTimeout");
        requireNonNull(userUpdateLimit, "userUpdateLimit");
        requireNonNull(retry, "retry");
    }

    /** Defaults for everything but the key, against Clerk's production API. */
    public static ClerkSettings of(Secret secretKey) {
        return of(ClerkApi.DEFAULT_API_URL, secretKey);
    }

    /** Defaults for everything but the base URL and the key. */
    public static ClerkSettings of(String apiUrl, Secret secretKey) {
        return new ClerkSettings(
                apiUrl,
                secretKey,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                null,
                DEFAULT_USER_UPDATE_LIMIT,
                RetryPolicy.DEFAULT);
    }

    public ClerkSettings withRateLimit(RateLimit limit) {
        return new ClerkSettings(
                apiUrl, secretKey, connectTimeout, requestTimeout, limit, userUpdateLimit, retry);
    }

    public ClerkSettings withRetry(RetryPolicy policy) {
        return new ClerkSettings(
                apiUrl,
                secretKey,
                connectTimeout,
                requestTimeout,
                rateLimit,
                userUpdateLimit,
                policy);
    }

    public ClerkSettings withTimeouts(Duration connect, Duration request) {
        return new ClerkSettings(
                apiUrl, secretKey, connect, request, rateLimit, userUpdateLimit, retry);
    }

    /** The instance kind named by the key's prefix; empty if the key is not a Clerk secret key. */
    public Optional<InstanceKind> instanceKind() {
        return InstanceKind.ofSecretKey(secretKey.reveal());
    }

    /** The configured instance limit, else the default of the key's instance kind. */
    public RateLimit effectiveRateLimit() {
        if (rateLimit != null) {
            return rateLimit;
        }
        return instanceKind().orElse(InstanceKind.DEVELOPMENT).defaultLimit();
    }

    public URI apiUri() {
        return URI.create(apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl);
    }

    /**
     * Adds every problem of these settings to {@code problems}, keys prefixed with {@code path}.
     */
    public ConfigProblems validate(ConfigProblems problems, String path) {
        if (!isHttpUrl(apiUrl)) {
            problems.invalid(path + ".apiUrl", apiUrl, "an http(s) URL");
        } else if (!isHttpsOrLoopback(URI.create(apiUrl))) {
            problems.invalid(
                    path + ".apiUrl",
                    apiUrl,
                    "an https URL; http only to a loopback address (127.0.0.0/8, ::1, localhost),"
                            + " such as the Clerk emulator's");
        }
        if (instanceKind().isEmpty()) {
            // Never echo the value: a mistyped key is still mostly a key.
            problems.add(
                    path + ".secretKey",
                    "<masked> (expected: a Clerk secret key starting with sk_test_ or sk_live_)");
        }
        positive(problems, path + ".connectTimeout", connectTimeout);
        positive(problems, path + ".requestTimeout", requestTimeout);
        if (rateLimit != null) {
            rateLimit.validate(problems, path + ".rateLimit");
        }
        userUpdateLimit.validate(problems, path + ".userUpdateLimit");
        retry.validate(problems, path + ".retry");
        return problems;
    }

    private static void positive(ConfigProblems problems, String path, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.invalid(path, value, "a positive duration");
        }
    }

    /**
     * The secret key travels in every request: over plain HTTP it may only go to this machine. The
     * host is judged as written, without a DNS lookup that an attacker could answer.
     */
    private static boolean isHttpsOrLoopback(URI uri) {
        if ("https".equals(uri.getScheme())) {
            return true;
        }
        String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
        if (host.equals("localhost") || host.equals("[::1]")) {
            return true;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty()
                    || octet.length() > 3
                    || !octet.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getQuery() == null
                    && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
