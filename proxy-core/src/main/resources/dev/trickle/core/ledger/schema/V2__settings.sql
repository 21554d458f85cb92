CREATE TABLE IF NOT EXISTS ledger_setting (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    value      TEXT        NOT NULL,
    updated_at BIGINT      NOT NULL
)
