package dev.trickle.core.migration;

import dev.trickle.core.credentials.CredentialExtractor;
import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.credentials.ExtractionResult;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.CredentialCheck;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.legacy.LegacyVerification;
import dev.trickle.core.legacy.SuccessRules;
import dev.trickle.core.legacy.UpstreamVerifier;
import dev.trickle.core.login.Forwarding;
import dev.trickle.core.login.LegacyResponse;
import dev.trickle.core.login.LoginAttempt;
import dev.trickle.core.login.LoginRoute;
import dev.trickle.core.login.RequestId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured login endpoint: reads the credentials (refusing a request the app could read
 * differently), asks the old system, and migrates the user only once the legacy app's answer has
 * passed the route's success rules too. Every stage completes normally within the budget: nothing
 * here can fail or hold up a login beyond it.
 *
 * <p>The {@code database} and {@code clerk} strategies check the password while the login is on its
 * way to the legacy app, and the answer is held until both have spoken: a login the app refuses is
 * released the moment the check is done, whether the password was right or wrong, and only a login
 * both accept reaches Clerk. So neither the app's verdict is overruled nor does the time of a
 * refused login tell whether the password was right.
 */
public final class MigrationLoginRoute implements LoginRoute {
    private static final Logger log = LoggerFactory.getLogger(MigrationLoginRoute.class);

    /** Time on top of the migration budget for the local digest check (bcrypt takes ~60 ms). */
    public static final Duration VERIFY_ALLOWANCE = Duration.ofSeconds(2);

    private final RouteSettings settings;
    private final Optional<CredentialCheck> check;
    private final SuccessRules rules;
    private final Optional<UpstreamVerifier> upstream;
    private final MigrationService migrations;
    private final MigrationMetrics metrics;

    private MigrationLoginRoute(
            RouteSettings settings,
            Optional<CredentialCheck> check,
            SuccessRules rules,
            Optional<UpstreamVerifier> upstream,
            MigrationService migrations,
            MigrationMetrics metrics) {
        this.settings = settings;
        this.check = check;
        this.rules = rules;
        this.upstream = upstream;
        this.migrations = migrations;
        this.metrics = metrics;
        metrics.routeRegistered(settings.name());
    }

    /**
     * The {@code database} and {@code clerk} strategies: ask the old system while the login is
     * forwarded, and migrate only when the app's answer passes {@code rules} too.
     */
    public static MigrationLoginRoute verifyingWhileForwarding(
            RouteSettings settings,
            CredentialCheck check,
            SuccessRules rules,
            MigrationService migrations,
            MigrationMetrics metrics) {
        if (settings.kind() != RouteKind.LOGIN) {
            throw new IllegalArgumentException("only a login is checked against the old system");
        }
        return new MigrationLoginRoute(
                settings, Optional.of(check), rules, Optional.empty(), migrations, metrics);
    }

    /**
     * The {@code upstream} strategy: let the legacy app decide, then read its answer; the only one
     * for sign-ups and password changes, which exist only once the app has accepted them.
     */
    public static MigrationLoginRoute verifyingByUpstream(
            RouteSettings settings,
            SuccessRules rules,
            UpstreamVerifier verifier,
            MigrationService migrations,
            MigrationMetrics metrics) {
        return new MigrationLoginRoute(
                settings, Optional.empty(), rules, Optional.of(verifier), migrations, metrics);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public long maxBodyBytes() {
        return settings.maxBodyBytes();
    }

    @Override
    public Duration maxHold() {
        return settings.budget().plus(VERIFY_ALLOWANCE);
    }

    @Override
    public CompletionStage<Forwarding> beforeForward(LoginAttempt attempt) {
        String requestId = RequestId.of(attempt.headers());
        ExtractionResult read =
                CredentialExtractor.extract(
                        settings.credentials(),
                        settings.duplicates(),
                        attempt.headers(),
                        attempt.body());
        if (read instanceof ExtractionResult.Ambiguous ambiguous) {
            metrics.login(name(), LoginResult.AMBIGUOUS_CREDENTIALS);
            // Info, as for malformed bodies: a client can send these at will; the count alerts.
            log.atInfo()
                    .addKeyValue("request_id", requestId)
                    .addKeyValue("route", name())
                    .log("login route {}: refused with 400: {}", name(), ambiguous.reason());
            return done(new Forwarding.Refused(400, ambiguous.reason()));
        }
        if (!(read instanceof ExtractionResult.Found found)) {
            metrics.login(name(), LoginResult.NO_CREDENTIALS);
            if (read instanceof ExtractionResult.Malformed m) {
                log.atInfo()
                        .addKeyValue("request_id", requestId)
                        .addKeyValue("route", name())
                        .log(
                                "login route {}: malformed credentials ({}), passed through",
                                name(),
                                m.reason());
            }
            return done(Forwarding.UNHELD);
        }
        Credentials credentials = found.credentials();
        if (upstream.isPresent()) {
            return done(
                    new Forwarding.Held(response -> byUpstream(credentials, attempt, response)));
        }
        if (!migrations.syncsProfiles()
                && migrations.migratedUserFor(credentials.identifier()).isPresent()) {
            // Nothing left to move: the legacy app alone judges this password, as it always did.
            metrics.login(name(), LoginResult.MIGRATED_USER);
            return done(
                    new Forwarding.Held(
                            response -> {
                                if (rules.isSuccess(response)) {
                                    migrations.countSuccessfulLogin(true);
                                }
                                return done(null);
                            }));
        }
        // Started now, so it runs while the login travels to the legacy app and back.
        CompletableFuture<LegacyVerification> verdict = check.get().verify(credentials);
        return done(
                new Forwarding.Held(
                        response ->
                                bounded(
                                        verdict.thenCompose(
                                                v -> settle(v, response, credentials, requestId)),
                                        requestId)));
    }

    @Override
    public void refusedAsAmbiguous(String reason) {
        metrics.login(name(), LoginResult.AMBIGUOUS_REQUEST);
        log.atInfo()
                .addKeyValue("route", name())
                .log("login route {}: request refused with 400: {}", name(), reason);
    }

    /** The app has spoken: if its answer is a success, the user it names moves. */
    private CompletableFuture<Void> byUpstream(
            Credentials credentials, LoginAttempt attempt, LegacyResponse response) {
        String requestId = RequestId.of(attempt.headers());
        CompletableFuture<LegacyVerification> verdict =
                upstream.get().verify(credentials, attempt.headers(), response);
        return bounded(
                verdict.thenCompose(v -> migrateIfVerified(v, credentials, requestId)), requestId);
    }

    /** Both the old system and the app have spoken: migrate only if both said yes. */
    private CompletableFuture<Void> settle(
            LegacyVerification verification,
            LegacyResponse response,
            Credentials credentials,
            String requestId) {
        if (verification instanceof LegacyVerification.Verified && !rules.isSuccess(response)) {
            metrics.login(name(), LoginResult.APP_REFUSED);
            return done(null);
        }
        return migrateIfVerified(verification, credentials, requestId);
    }

    private CompletableFuture<Void> migrateIfVerified(
            LegacyVerification verification, Credentials credentials, String requestId) {
        if (verification instanceof LegacyVerification.Verified verified) {
            metrics.login(name(), LoginResult.VERIFIED);
            return migrate(verified.identity(), credentials, requestId);
        }
        if (verification instanceof LegacyVerification.Rejected) {
            metrics.login(name(), LoginResult.REJECTED);
        } else if (verification instanceof LegacyVerification.Unconfirmed unconfirmed) {
            metrics.login(name(), LoginResult.UNCONFIRMED);
            warn(
                    requestId,
                    "the app accepted a login Trickle could not confirm: {}",
                    unconfirmed.reason());
        } else {
            metrics.login(name(), LoginResult.UNVERIFIED);
            warn(
                    requestId,
                    "could not verify against the legacy system: {}",
                    ((LegacyVerification.Unavailable) verification).reason());
        }
        return done(null);
    }

    private CompletableFuture<Void> migrate(
            LegacyIdentity identity, Credentials credentials, String requestId) {
        // A password change names no user: the identity the app answered with does.
        String identifier =
                credentials.identifier().isEmpty()
                        ? identity.email().or(identity::username).orElse(identity.legacyId())
                        : credentials.identifier();
        if (settings.kind().setsPassword()) {
            return migrations
                    .passwordChanged(identity, identifier, credentials.password(), requestId)
                    .thenAccept(outcome -> {});
        }
        CompletableFuture<MigrationOutcome> migration =
                migrations.migrate(
                        identity,
                        identifier,
                        Optional.of(credentials.password()),
                        MigrationSource.LOGIN,
                        requestId);
        if (settings.kind() == RouteKind.SIGNUP) {
            return migration.thenAccept(outcome -> {});
        }
        return migration.thenAccept(
                outcome ->
                        migrations.countSuccessfulLogin(
                                outcome == MigrationOutcome.ALREADY_PRESENT));
    }

    private void warn(String requestId, String message, String reason) {
        log.atWarn()
                .addKeyValue("request_id", requestId)
                .addKeyValue("route", name())
                .log("login route {}: " + message, name(), reason);
    }

    /** Past the budget the login goes on; whatever is still running finishes in the background. */
    private CompletableFuture<Void> bounded(CompletableFuture<Void> work, String requestId) {
        return work.exceptionally(
                        e -> {
                            log.atWarn()
                                    .addKeyValue("request_id", requestId)
                                    .addKeyValue("route", name())
                                    .log(
                                            "login route {}: migration step failed: {}",
                                            name(),
                                            e.getClass().getSimpleName());
                            return null;
                        })
                .completeOnTimeout(null, maxHold().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
