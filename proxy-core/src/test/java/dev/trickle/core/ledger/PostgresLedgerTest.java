package dev.trickle.core.ledger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs the contract against the PostgreSQL on this machine, one throw-away schema per test. */
final class PostgresLedgerTest extends LedgerContract {
    private PostgresTestSchema schema;

    @Override
    LedgerSettings settings() {
        return schema.settings();
    }

    @Override
    @BeforeEach
    void openLedger() {
        schema = PostgresTestSchema.create();
        super.openLedger();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }
}
