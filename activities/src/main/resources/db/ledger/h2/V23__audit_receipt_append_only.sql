-- H2: receipts and the key record are append-only like the events. H2 has no TRUNCATE trigger:
-- the worker's own user (SELECT and INSERT only, LedgerRoles) is what refuses TRUNCATE there.
CREATE TRIGGER audit_receipt_append_only BEFORE UPDATE, DELETE ON audit_receipt FOR EACH ROW
    CALL 'dev.charter.activities.audit.H2AppendOnlyTrigger';
CREATE TRIGGER audit_signing_key_append_only BEFORE UPDATE, DELETE ON audit_signing_key
    FOR EACH ROW CALL 'dev.charter.activities.audit.H2AppendOnlyTrigger';
