package dev.charter.activities.audit;

import java.time.Instant;

/**
 * One recorded ledger row, as stored.
 *
 * @param taskId the task
 * @param seq position in the task's chain, from 1
 * @param type the event type, e.g. {@code policy.verdict}
 * @param step the step, 0 for task-level events
 * @param workflowRunId the Temporal run id it stems from, or null
 * @param workflowId the Temporal workflow id, or null (rows recorded before ledger V3)
 * @param activityId the activity id of the {@code Record} activity that appended it (names its
 *     {@code ActivityTaskScheduled} history event), or null
 * @param traceId the trace id, or null when tracing was off
 * @param payloadJson the payload in canonical JSON, exactly as hashed
 * @param prevHash the hash of the previous event, 64 zeros for seq 1
 * @param hash {@code sha256hex(prevHash + canonical JSON of {taskId, seq, type, step,
 *     workflowRunId, workflowId, activityId, traceId, payload})}, null fields left out
 * @param recordedAt when the database recorded it (not hashed: a retry may record later)
 */
public record LedgerEntry(
    String taskId,
    long seq,
    String type,
    int step,
    String workflowRunId,
    String workflowId,
    String activityId,
    String traceId,
    String payloadJson,
    String prevHash,
    String hash,
    Instant recordedAt) {

  /** The origin fields of this row. */
  public LedgerOrigin origin() {
    return new LedgerOrigin(workflowId, activityId, traceId);
  }
}
