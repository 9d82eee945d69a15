-- Trust range V20-V29. Decision receipts are signed when their verdict is appended and stored here,
-- so `charter audit receipt` returns what was signed then, not a signature over whatever the table
-- holds later. audit_signing_key records every signing key the ledger has used, in order: each row
-- is a JWS naming the new key, signed by the previous key when the worker still held it (a
-- rotation a verifier who pinned the old key can follow), else by the new key itself.
CREATE TABLE audit_receipt (
    task_id     VARCHAR(200)             NOT NULL,
    seq         BIGINT                   NOT NULL,
    key_id      VARCHAR(64)              NOT NULL,
    jws         TEXT                     NOT NULL,
    CONSTRAINT pk_audit_receipt PRIMARY KEY (task_id, seq)
);

CREATE TABLE audit_signing_key (
    number          BIGINT                   NOT NULL,
    key_id          VARCHAR(64)              NOT NULL,
    previous_key_id VARCHAR(64),
    signed_by       VARCHAR(64)              NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    jws             TEXT                     NOT NULL,
    CONSTRAINT pk_audit_signing_key PRIMARY KEY (number),
    CONSTRAINT uq_audit_signing_key UNIQUE (key_id),
    CONSTRAINT ck_audit_signing_key_number CHECK (number >= 1)
);
