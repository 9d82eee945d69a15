-- H2: checkpoints are append-only like the events they sign.
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE, DELETE ON audit_checkpoint FOR EACH ROW
    CALL 'dev.charter.activities.audit.H2AppendOnlyTrigger';
CREATE TRIGGER audit_checkpoint_head_append_only BEFORE UPDATE, DELETE ON audit_checkpoint_head
    FOR EACH ROW CALL 'dev.charter.activities.audit.H2AppendOnlyTrigger';
