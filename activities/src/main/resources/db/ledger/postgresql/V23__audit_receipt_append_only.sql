-- PostgreSQL: receipts and the key record are append-only like the events (function from V2).
CREATE TRIGGER audit_receipt_append_only
    BEFORE UPDATE OR DELETE ON audit_receipt
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_receipt_no_truncate
    BEFORE TRUNCATE ON audit_receipt
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_signing_key_append_only
    BEFORE UPDATE OR DELETE ON audit_signing_key
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();

CREATE TRIGGER audit_signing_key_no_truncate
    BEFORE TRUNCATE ON audit_signing_key
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
