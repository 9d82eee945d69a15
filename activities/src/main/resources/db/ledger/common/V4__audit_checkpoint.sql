-- Signed checkpoints of chain heads: each row is a JWS (compact serialization, EdDSA/Ed25519)
-- whose payload lists the heads (task, seq, hash) that changed since the previous checkpoint.
-- audit_checkpoint_head indexes those heads by task; the signed payload stays the reference.
CREATE TABLE audit_checkpoint (
    number      BIGINT                   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id      VARCHAR(64)              NOT NULL,
    jws         TEXT                     NOT NULL,
    CONSTRAINT pk_audit_checkpoint PRIMARY KEY (number),
    CONSTRAINT ck_audit_checkpoint_number CHECK (number >= 1)
);

CREATE TABLE audit_checkpoint_head (
    checkpoint_number BIGINT       NOT NULL,
    task_id           VARCHAR(200) NOT NULL,
    seq               BIGINT       NOT NULL,
    hash              CHAR(64)     NOT NULL,
    CONSTRAINT pk_audit_checkpoint_head PRIMARY KEY (checkpoint_number, task_id),
    CONSTRAINT fk_audit_checkpoint_head FOREIGN KEY (checkpoint_number)
        REFERENCES audit_checkpoint (number)
);

CREATE INDEX ix_audit_checkpoint_head_task ON audit_checkpoint_head (task_id, checkpoint_number);
