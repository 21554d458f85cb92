package dev.trickle.core.importer;

import dev.trickle.core.concurrent.DaemonThreads;
import dev.trickle.core.hash.PasswordHashes;
import dev.trickle.core.ledger.LedgerRecord;
import dev.trickle.core.ledger.LedgerUnavailable;
import dev.trickle.core.ledger.MigrationRows;
import dev.trickle.core.ledger.MigrationSource;
import dev.trickle.core.legacy.LegacyIdentity;
import dev.trickle.core.migration.MigrationOutcome;
import dev.trickle.core.migration.MigrationPolicy;
import dev.trickle.core.migration.MigrationService;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs rows through the {@link MigrationService}: at most {@code concurrency} users in flight, the
 * next row read only when one finishes (so memory stays bounded whatever the input's size), each
 * row validated first, with bad rows written to the errors file and never stopping the run.
 *
 * <p>The service gives exactly-once: its ledger claim makes a re-run skip users settled before and
 * take over the rows a killed run left half done (once their lease expires: such users are retried
 * here for up to {@code retryFor}), and its look-up by {@code external_id} before each create finds
 * a user a killed run created but did not record.
 */
public final class Importer implements AutoCloseable {
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    private static final Duration DEFERRED_RETRY_MAX = Duration.ofSeconds(10);

    private final MigrationService service;
    private final MigrationRows rows;
    private final PasswordDecision passwords;
    private final MigrationPolicy.PasswordMode passwordMode;
    private final ImportSettings settings;
    private final RowErrors errors;
    private final ImportTally tally;
    private final Semaphore inFlight;
    private final ScheduledExecutorService retries;
    private final String runId;

    public Importer(
            MigrationService service,
            MigrationRows rows,
            PasswordHashes hashes,
            MigrationPolicy.PasswordMode passwordMode,
            ImportSettings settings,
            RowErrors errors,
            ImportTally tally) {
        this.service = service;
        this.rows = rows;
        this.passwords = new PasswordDecision(hashes);
        this.passwordMode = passwordMode;
        this.settings = settings;
        this.errors = errors;
        this.tally = tally;
        this.inFlight = new Semaphore(settings.concurrency());
        this.retries = DaemonThreads.timer("trickle-import-retry");
        this.runId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }

    /**
     * Imports every row of {@code reader}; returns once each one has a result.
     *
     * @throws IOException when the source itself fails (unreadable file, lost database); rows
     *     already started still finish first
     */
    public void run(RowReader reader, RowTranslator translator)
            throws IOException, InterruptedException {
        try {
            while (true) {
                inFlight.acquire();
                Optional<RawRow> next;
                try {
                    next = reader.next();
                } catch (IOException | RuntimeException e) {
                    inFlight.release();
                    throw e;
                }
                if (next.isEmpty()) {
                    inFlight.release();
                    return;
                }
                start(next.get(), translator);
            }
        } finally {
            inFlight.acquire(settings.concurrency());
            inFlight.release(settings.concurrency());
        }
    }

    private void start(RawRow raw, RowTranslator translator) {
        MappedRow mapped;
        if (raw instanceof RawRow.Fields fields) {
            mapped = translator.map(fields.row(), fields.fields());
        } else {
            mapped =
                    new MappedRow.Rejected(
                            raw.row(),
                            Optional.empty(),
                            new RowProblem("(row)", ((RawRow.Unreadable) raw).reason()));
        }
        if (mapped instanceof MappedRow.Rejected rejected) {
            errors.write(rejected.row(), rejected.legacyId(), rejected.problem(), "rejected");
            finish(ImportResult.INVALID, rejected.problem().field());
            return;
        }
        MappedRow.Accepted row = (MappedRow.Accepted) mapped;
        Optional<String> passwordKind = passwordKind(row);
        if (passwordKind.isEmpty()) {
            return;
        }
        attempt(row, passwordKind.get(), System.nanoTime(), 0);
    }

    /**
     * {@code digest} or {@code none} for a user to migrate; empty when the row was settled here
     * (left for login migration).
     */
    private Optional<String> passwordKind(MappedRow.Accepted row) {
        if (passwordMode == MigrationPolicy.PasswordMode.NONE) {
            return Optional.of("none");
        }
        PasswordDecision.Verdict verdict = passwords.judge(row.identity(), row.declaredHasher());
        if (verdict instanceof PasswordDecision.Importable) {
            return Optional.of("digest");
        }
        boolean leave = settings.passwordFallback() == PasswordFallback.LEAVE;
        String reason;
        if (verdict instanceof PasswordDecision.NotImportable not) {
            reason = "password_not_importable";
            errors.write(
                    row.row(),
                    Optional.of(row.identity().legacyId()),
                    new RowProblem("password_digest", not.reason()),
                    leave ? "left_for_login" : "created_without_password");
        } else {
            reason = "no_password_digest";
        }
        if (leave) {
            finish(ImportResult.SKIPPED, reason);
            return Optional.empty();
        }
        return Optional.of("none");
    }

    private void attempt(
            MappedRow.Accepted row, String passwordKind, long startedNanos, int tries) {
        LegacyIdentity identity = row.identity();
        service.migrate(
                        identity,
                        identity.email().or(identity::username).orElse(identity.legacyId()),
                        Optional.empty(),
                        MigrationSource.IMPORT,
                        "import-" + runId + "-" + row.row())
                .whenComplete(
                        (outcome, error) -> {
                            if (error != null) {
                                finish(ImportResult.FAILED, "internal_error");
                                return;
                            }
                            settle(row, passwordKind, startedNanos, tries, outcome);
                        });
    }

    private void settle(
            MappedRow.Accepted row,
            String passwordKind,
            long startedNanos,
            int tries,
            MigrationOutcome outcome) {
        switch (outcome) {
            case CREATED -> {
                tally.password(passwordKind);
                finish(ImportResult.CREATED, null);
            }
            case WOULD_CREATE -> {
                tally.password(passwordKind);
                finish(ImportResult.WOULD_CREATE, null);
            }
            case LINKED -> finish(ImportResult.LINKED, null);
            case ALREADY_PRESENT -> finish(ImportResult.ALREADY_PRESENT, null);
            case WOULD_LINK -> finish(ImportResult.WOULD_LINK, null);
            case WOULD_CONFLICT -> finish(ImportResult.WOULD_CONFLICT, "identifier_exists");
            case CONFLICT -> finish(ImportResult.CONFLICT, reason(row, "identifier_exists"));
            case FAILED -> finish(ImportResult.FAILED, reason(row, "clerk_refused"));
            case NOT_SELECTED -> finish(ImportResult.SKIPPED, ledgerState(row));
            case DEFERRED, IN_PROGRESS, UNASSESSED, SHED -> {
                Duration waited = Duration.ofNanos(System.nanoTime() - startedNanos);
                if (waited.compareTo(settings.retryFor()) < 0) {
                    Duration delay =
                            outcome == MigrationOutcome.IN_PROGRESS ? BUSY_RETRY : backoff(tries);
                    retries.schedule(
                            () -> attempt(row, passwordKind, startedNanos, tries + 1),
                            delay.toMillis(),
                            TimeUnit.MILLISECONDS);
                    return;
                }
                if (outcome == MigrationOutcome.UNASSESSED) {
                    finish(ImportResult.UNASSESSED, "clerk_unavailable");
                } else if (outcome == MigrationOutcome.IN_PROGRESS) {
                    finish(ImportResult.DEFERRED, "held_by_another_process");
                } else if (outcome == MigrationOutcome.SHED) {
                    finish(ImportResult.DEFERRED, "migration_pool_full");
                } else {
                    finish(ImportResult.DEFERRED, reason(row, "clerk_unavailable"));
                }
            }
            default -> finish(ImportResult.FAILED, "unexpected_outcome_" + outcome.tag());
        }
    }

    private static Duration backoff(int tries) {
        long millis = 500L << Math.min(tries, 10);
        return Duration.ofMillis(Math.min(millis, DEFERRED_RETRY_MAX.toMillis()));
    }

    /** The ledger's error code for this user, which the service recorded with the outcome. */
    private String reason(MappedRow.Accepted row, String fallback) {
        return record(row).flatMap(LedgerRecord::lastErrorCode).orElse(fallback);
    }

    private String ledgerState(MappedRow.Accepted row) {
        return record(row).map(r -> "ledger_" + r.state().code()).orElse("not_selected");
    }

    private Optional<LedgerRecord> record(MappedRow.Accepted row) {
        if (settings.dryRun()) {
            return Optional.empty();
        }
        try {
            return rows.find(row.identity().legacyId());
        } catch (LedgerUnavailable e) {
            return Optional.empty();
        }
    }

    private void finish(ImportResult result, String reason) {
        tally.count(result, reason);
        inFlight.release();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
