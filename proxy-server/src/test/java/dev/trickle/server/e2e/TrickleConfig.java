package dev.trickle.server.e2e;

import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code trickle serve} configuration these tests run, written as an operator would: a {@code
 * database} route for the form login and an {@code upstream} route for the JSON login.
 */
public final class TrickleConfig {
    /** A production-instance key for the emulator, so the client paces at production limits. */
    public static final String PRODUCTION_KEY = "sk_live_fakeForTests";

    private final String upstreamUrl;
    private final URI clerkUrl;
    private final String ledgerUrl;
    private final LegacyUserTable users;
    private String mode = "migrate";
    private Duration loginBudget = Duration.ofMillis(1500);
    private Duration lease = Duration.ofSeconds(30);

    public TrickleConfig(
            String upstreamUrl, URI clerkUrl, String ledgerUrl, LegacyUserTable users) {
        this.upstreamUrl = upstreamUrl;
        this.clerkUrl = clerkUrl;
        this.ledgerUrl = ledgerUrl;
        this.users = users;
    }

    public TrickleConfig mode(String value) {
        mode = value;
        return this;
    }

    public TrickleConfig loginBudget(Duration value) {
        loginBudget = value;
        return this;
    }

    public TrickleConfig lease(Duration value) {
        lease = value;
        return this;
    }

    public Duration loginBudget() {
        return loginBudget;
    }

    public String yaml() {
        return """
                listen: 127.0.0.1:0
                upstream:
                  url: %s
                admin:
                  listen: 127.0.0.1:0
                shutdownTimeout: 1s
                clerk:
                  apiUrl: %s
                  secretKey: ${CLERK_SECRET_KEY}
                ledger:
                  url: %s
                migration:
                  mode: %s
                  loginBudget: %dms
                  lease: %dms
                legacyDatabase:
                  url: %s
                  user: %s
                  query: >-
                    %s
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
                      json: {id: /user/id, email: /user/email, username: /user/username, firstName: /user/first_name}
                """
                .formatted(
                        upstreamUrl,
                        clerkUrl,
                        ledgerUrl,
                        mode,
                        loginBudget.toMillis(),
                        lease.toMillis(),
                        users.database().jdbcUrl(),
                        users.database().user(),
                        users.trickleQuery());
    }

    /** Starts {@code serve} in this JVM, exactly as the command line would from the file. */
    public ProxyApplication start(String secretKey) throws InterruptedException {
        return ProxyApplication.start(
                ConfigLoader.withEnvironment(
                                name -> name.equals("CLERK_SECRET_KEY") ? secretKey : null)
                        .parse(yaml()));
    }
}
