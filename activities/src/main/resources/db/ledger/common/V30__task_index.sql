-- Task index (ops range V30-V39): one row per task, projected from the task's own ledger events by
-- the API (starter TaskIndex), so `charter task list`, GET /api/tasks and the dashboard can list
-- and filter tasks on the embedded Temporal server, which has no list queries. It is derived data:
-- it can be dropped and rebuilt from audit_event at any time, and it is not hash-chained.
CREATE TABLE task_index (
    task_id             VARCHAR(200)             NOT NULL,
    tenant              VARCHAR(100),
    profile             VARCHAR(100),
    risk_tier           VARCHAR(20),
    state               VARCHAR(30)              NOT NULL,
    step                INT                      NOT NULL,
    backend             VARCHAR(200),
    pending_approval_id VARCHAR(300),
    pending_tool        VARCHAR(100),
    requested_by        VARCHAR(200),
    started_at          TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at            TIMESTAMP WITH TIME ZONE,
    -- the last ledger seq folded into this row: events are applied once, in chain order
    last_seq            BIGINT                   NOT NULL,
    CONSTRAINT pk_task_index PRIMARY KEY (task_id)
);
CREATE INDEX ix_task_index_updated ON task_index (updated_at);
CREATE INDEX ix_task_index_state ON task_index (state, updated_at);
CREATE INDEX ix_task_index_tenant ON task_index (tenant, updated_at);
CREATE INDEX ix_audit_event_recorded ON audit_event (recorded_at);
