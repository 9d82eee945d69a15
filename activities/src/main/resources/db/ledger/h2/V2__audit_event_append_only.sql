-- H2: refuse UPDATE and DELETE on the ledger through a Java trigger (H2 has no procedural SQL).
CREATE TRIGGER audit_event_append_only BEFORE UPDATE, DELETE ON audit_event FOR EACH ROW
    CALL 'dev.charter.activities.audit.H2AppendOnlyTrigger';
