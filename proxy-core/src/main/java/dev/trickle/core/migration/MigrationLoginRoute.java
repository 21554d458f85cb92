package dev.trickle.core.migration;

import dev.trickle.core.credentials.CredentialExtractor;
import dev.trickle.core.credentials.CredentialSource;
import dev.trickle.core.credentials.Credentials;
import dev.trickle.core.credentials.ExtractionResult;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.CredentialCheck;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.legacy.LegacyVerification;
import dev.trickle.core.legacy.UpstreamVerifier;
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
 * A configured login endpoint: reads the credentials, asks the old system (its database or the
 * source Clerk instance before the login is forwarded, or the legacy app's answer after), and
 * migrates the user. Every stage completes normally within the budget: nothing here can fail or
 * hold up a login beyond it.
 */
public final class MigrationLoginRoute implements LoginRoute {
    private static final Logger log = LoggerFactory.getLogger(MigrationLoginRoute.class);

    /** Time on top of the migration budget for the local digest check (bcrypt takes ~60 ms). */
    public static final Duration VERIFY_ALLOWANCE = Duration.ofSeconds(2);

    private final String name;
    private final RouteKind kind;
    private final CredentialSource credentials;
    private final long maxBodyBytes;
    private final Optional<CredentialCheck> beforeForward;
    private final Optional<UpstreamVerifier> upstream;
    private final MigrationService migrations;
    private final MigrationMetrics metrics;
    private final Duration budget;

    private MigrationLoginRoute(
            String name,
            RouteKind kind,
            CredentialSource credentials,
            long maxBodyBytes,
            Optional<CredentialCheck> beforeForward,
            Optional<UpstreamVerifier> upstream,
            MigrationService migrations,
            MigrationMetrics metrics,
            Duration budget) {
        this.name = name;
        this.kind = kind;
        this.credentials = credentials;
        this.maxBodyBytes = maxBodyBytes;
        this.beforeForward = beforeForward;
        this.upstream = upstream;
        this.migrations = migrations;
        this.metrics = metrics;
        this.budget = budget;
    }

    /** The {@code database} and {@code clerk} strategies: ask the old system before forwarding. */
    public static MigrationLoginRoute verifyingBeforeForward(
            String name,
            CredentialSource credentials,
            long maxBodyBytes,
            CredentialCheck verifier,
            MigrationService migrations,
            MigrationMetrics metrics,
            Duration budget) {
        return new MigrationLoginRoute(
                name,
                RouteKind.LOGIN,
                credentials,
                maxBodyBytes,
                Optional.of(verifier),
                Optional.empty(),
                migrations,
                metrics,
                budget);
    }

    /**
     * The {@code upstream} strategy: let the legacy app decide, then read its answer; the only one
     * for sign-ups and password changes, which exist only once the app has accepted them.
     */
    public static MigrationLoginRoute verifyingByUpstream(
            String name,
            RouteKind kind,
            CredentialSource credentials,
            long maxBodyBytes,
            UpstreamVerifier verifier,
            MigrationService migrations,
            MigrationMetrics metrics,
            Duration budget) {
        return new MigrationLoginRoute(
                name,
                kind,
                credentials,
                maxBodyBytes,
                Optional.empty(),
                Optional.of(verifier),
                migrations,
                metrics,
                budget);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public boolean inspectsResponse() {
        return upstream.isPresent();
    }

    @Override
    public Duration maxHold() {
        return budget.plus(VERIFY_ALLOWANCE);
    }

    @Override
    public CompletionStage<Void> beforeForward(LoginAttempt attempt) {
        if (beforeForward.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String requestId = RequestId.of(attempt.headers());
        Optional<Credentials> found = extract(attempt, requestId);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!migrations.syncsProfiles()
                && migrations.migratedUserFor(found.get().identifier()).isPresent()) {
            // Nothing left to move: the legacy app alone judges this password, as it always did.
            // Counted as a migrated user's login unchecked: the readiness share may run a little
            // high by the wrong passwords migrated users type.
            metrics.login(name, LoginResult.MIGRATED_USER);
            migrations.countSuccessfulLogin(true);
            return CompletableFuture.completedFuture(null);
        }
        return bounded(
                beforeForward
                        .get()
                        .verify(found.get())
                        .thenCompose(
                                verification ->
                                        migrateIfVerified(verification, found.get(), requestId)),
                requestId);
    }

    @Override
    public CompletionStage<Void> afterResponse(LoginAttempt attempt, LegacyResponse response) {
        if (upstream.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String requestId = RequestId.of(attempt.headers());
        Optional<Credentials> found = extract(attempt, requestId);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return bounded(
                upstream.get()
                        .verify(found.get(), attempt.headers(), response)
                        .thenCompose(
                                verification ->
                                        migrateIfVerified(verification, found.get(), requestId)),
                requestId);
    }

    private Optional<Credentials> extract(LoginAttempt attempt, String requestId) {
        ExtractionResult result =
                CredentialExtractor.extract(
                        credentials,
                        attempt.headers().first("Content-Type").orElse(null),
                        attempt.body(),
                        attempt.headers().first("Authorization").orElse(null));
        if (result instanceof ExtractionResult.Found f) {
            return Optional.of(f.credentials());
        }
        metrics.login(name, LoginResult.NO_CREDENTIALS);
        if (result instanceof ExtractionResult.Malformed m) {
            log.atInfo()
                    .addKeyValue("request_id", requestId)
                    .addKeyValue("route", name)
                    .log(
                            "login route {}: malformed credentials ({}), passed through",
                            name,
                            m.reason());
        }
        return Optional.empty();
    }

    private CompletableFuture<Void> migrateIfVerified(
            LegacyVerification verification, Credentials credentials, String requestId) {
        if (verification instanceof LegacyVerification.Verified verified) {
            metrics.login(name, LoginResult.VERIFIED);
            LegacyIdentity identity = verified.identity();
            // A password change names no user: the identity the app answered with does.
            String identifier =
                    credentials.identifier().isEmpty()
                            ? identity.email().or(identity::username).orElse(identity.legacyId())
                            : credentials.identifier();
            if (kind.setsPassword()) {
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
            if (kind == RouteKind.SIGNUP) {
                return migration.thenAccept(outcome -> {});
            }
            return migration.thenAccept(
                    outcome ->
                            migrations.countSuccessfulLogin(
                                    outcome == MigrationOutcome.ALREADY_PRESENT));
        }
        if (verification instanceof LegacyVerification.Rejected) {
            metrics.login(name, LoginResult.REJECTED);
        }
        if (verification instanceof LegacyVerification.Unavailable unavailable) {
            metrics.login(name, LoginResult.UNVERIFIED);
            log.atWarn()
                    .addKeyValue("request_id", requestId)
                    .addKeyValue("route", name)
                    .log(
                            "login route {}: could not verify against the legacy system: {}",
                            name,
                            unavailable.reason());
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Past the budget the login goes on; whatever is still running finishes in the background. */
    private CompletableFuture<Void> bounded(CompletableFuture<Void> work, String requestId) {
        return work.exceptionally(
                        e -> {
                            log.atWarn()
                                    .addKeyValue("request_id", requestId)
                                    .addKeyValue("route", name)
                                    .log(
                                            "login route {}: migration step failed: {}",
                                            name,
                                            e.getClass().getSimpleName());
                            return null;
                        })
                .completeOnTimeout(null, maxHold().toMillis(), TimeUnit.MILLISECONDS);
    }
}
