package dev.trickle.server.demo;

import dev.trickle.server.config.ConfigLoader;
import dev.trickle.server.config.ProxyConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/**
 * The {@code trickle.yml} an operator would write for the demo app: the form login verified against
 * the app's SQLite users table ({@code database}), the JSON login verified by the app's own answer
 * ({@code upstream}), users created in the Clerk emulator, the ledger next to the app's database.
 * Parsed by the same loader as {@code trickle serve --config}.
 */
final class DemoTrickleConfig {
    private DemoTrickleConfig() {}

    static ProxyConfig of(
            String listen,
            String adminListen,
            InetSocketAddress legacy,
            URI clerkApi,
            String clerkSecretKey,
            Path ledger,
            String legacyJdbcUrl) {
        String yaml =
                """
                listen: %s
                upstream:
                  url: http://%s:%d
                admin:
                  listen: %s
                shutdownTimeout: 2s
                clerk:
                  apiUrl: %s
                  secretKey: ${CLERK_SECRET_KEY}
                ledger:
                  url: jdbc:sqlite:%s
                migration:
                  countInterval: 2s
                legacyDatabase:
                  url: %s
                  query: >-
                    SELECT id, email, username, first_name, last_name, date_joined AS created_at,
                    password AS password_digest FROM users WHERE username = :identifier OR email = :identifier
                  countQuery: SELECT COUNT(*) FROM users
                routes:
                  - name: form-login
                    path: /login
                    credentials: {form: {identifier: username, password: password}}
                    verify: database
                    success: {status: [302], setsCookie: sessionid}
                  - name: json-login
                    path: /api/login
                    credentials: {json: {identifier: /email, password: /password}}
                    verify: upstream
                    success: {status: [200], jsonPointer: /user/id}
                    identity:
                      json: {id: /user/id, email: /user/email, username: /user/username, firstName: /user/first_name, lastName: /user/last_name}
                """
                        .formatted(
                                listen,
                                legacy.getHostString(),
                                legacy.getPort(),
                                adminListen,
                                clerkApi,
                                ledger,
                                legacyJdbcUrl);
        return ConfigLoader.withEnvironment(
                        name -> name.equals("CLERK_SECRET_KEY") ? clerkSecretKey : null)
                .parse(yaml);
    }
}
