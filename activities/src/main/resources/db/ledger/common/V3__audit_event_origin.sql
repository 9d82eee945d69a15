-- Where each event stems from in Temporal: the workflow id, and the activity id of the `Record`
-- activity that appended it (it names that activity's ActivityTaskScheduled event in the run's
-- history one to one), plus the trace id when tracing is on. Nullable: rows recorded before V3 have none, and the canonical form leaves null
-- fields out, so their hashes are unchanged (docs/audit.md, "canonical form").
ALTER TABLE audit_event ADD COLUMN workflow_id VARCHAR(200);
ALTER TABLE audit_event ADD COLUMN activity_id VARCHAR(100);
ALTER TABLE audit_event ADD COLUMN trace_id VARCHAR(64);
