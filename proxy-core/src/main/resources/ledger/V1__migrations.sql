CREATE TABLE IF NOT EXISTS migrations (
    legacy_id        VARCHAR(255) PRIMARY KEY,
    identifier       VARCHAR(320) NOT NULL,
    clerk_user_id    VARCHAR(64),
    state            VARCHAR(16)  NOT NULL,
    source           VARCHAR(16)  NOT NULL,
    attempts         INTEGER      NOT NULL DEFAULT 0,
    last_error       VARCHAR(64),
    next_attempt_at  BIGINT,
    claim_owner      VARCHAR(128),
    claim_expires_at BIGINT,
    first_seen       BIGINT       NOT NULL,
    migrated_at      BIGINT,
    updated_at       BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS migrations_due ON migrations (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS migrations_clerk_user ON migrations (clerk_user_id)
