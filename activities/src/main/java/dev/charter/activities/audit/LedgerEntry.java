package dev.charter.activities.audit;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
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
 * @param payloadJson the payload in its canonical form, exactly as hashed
 * @param prevHash the hash of the previous event, 64 zeros for seq 1
 * @param hash {@code sha256hex(prevHash + hashedContent)}, see {@link CanonicalForm}
 * @param recordedAt when the database recorded it (not hashed: a retry may record later)
 * @param canonicalForm the {@link CanonicalForm} column value: null for rows recorded before ledger
 *     V6 (legacy form), {@code jcs-rfc8785} since
 * @param schemaVersion the schema version of the fact, null before ledger V6
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
    Instant recordedAt,
    String canonicalForm,
    Integer schemaVersion) {

  /**
   * The recorded event as its typed fact.
   *
   * @throws IllegalArgumentException if the row's type names no {@link AuditFact} or its payload
   *     does not fit the record
   */
  public AuditEvent event() {
    return AuditFacts.read(taskId, seq, type, step, workflowRunId, payloadJson);
  }

  /** The recorded fact; see {@link #event()}. */
  public AuditFact fact() {
    return event().payload();
  }

  /**
   * The text this row's hash covers after {@code prevHash}, in the row's canonical form.
   *
   * @throws IllegalArgumentException if the row names an unknown form or its payload is not JSON
   */
  public String hashedContent() {
    return CanonicalForm.ofColumn(canonicalForm)
        .hashedContent(
            taskId, seq, type, step, workflowRunId, origin(), schemaVersion, payloadJson);
  }

  /** The origin fields of this row. */
  public LedgerOrigin origin() {
    return new LedgerOrigin(workflowId, activityId, traceId);
  }
}
