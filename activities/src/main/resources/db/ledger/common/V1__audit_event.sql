-- Audit ledger: one append-only, hash-chained row per governed fact, unique per (task_id, seq).
-- Portable SQL: runs unchanged on H2 and PostgreSQL. Append-only guards are per database (V2).
CREATE TABLE audit_event (
    task_id         VARCHAR(200)             NOT NULL,
    seq             BIGINT                   NOT NULL,
    type            VARCHAR(100)             NOT NULL,
    step            INT                      NOT NULL,
    workflow_run_id VARCHAR(100),
    -- canonical JSON (sorted keys, no whitespace) exactly as hashed
    payload         TEXT                     NOT NULL,
    prev_hash       CHAR(64)                 NOT NULL,
    hash            CHAR(64)                 NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT pk_audit_event PRIMARY KEY (task_id, seq),
    CONSTRAINT ck_audit_event_seq CHECK (seq >= 1)
);
