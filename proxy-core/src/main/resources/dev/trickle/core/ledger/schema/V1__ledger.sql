CREATE TABLE IF NOT EXISTS ledger_user (
    legacy_id        VARCHAR(255) NOT NULL PRIMARY KEY,
    identifier       VARCHAR(320) NOT NULL,
    clerk_user_id    VARCHAR(64),
    state            VARCHAR(16)  NOT NULL,
    source           VARCHAR(16)  NOT NULL,
    attempts         INTEGER      NOT NULL DEFAULT 0,
    last_error_code  VARCHAR(64),
    next_attempt_at  BIGINT,
    claim_owner      VARCHAR(128),
    claim_expires_at BIGINT,
    first_seen_at    BIGINT       NOT NULL,
    migrated_at      BIGINT,
    updated_at       BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_user_due ON ledger_user (state, next_attempt_at);
CREATE TABLE IF NOT EXISTS ledger_counter (
    bucket_start BIGINT      NOT NULL,
    metric       VARCHAR(16) NOT NULL,
    label        VARCHAR(48) NOT NULL,
    count        BIGINT      NOT NULL,
    PRIMARY KEY (bucket_start, metric, label)
)
