-- Which canonical form an event's hash covers, and the schema version of its fact. Rows recorded
-- before V6 have neither (NULL): they hash the legacy Charter form and keep verifying as they did.
-- New rows hash RFC 8785 (JCS) bytes, 'jcs-rfc8785', and name their fact's schema version
-- (docs/audit.md, "canonical form").
ALTER TABLE audit_event ADD COLUMN canonical_form VARCHAR(20);
ALTER TABLE audit_event ADD COLUMN schema_version INT;
