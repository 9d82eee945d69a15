package dev.charter.activities.audit;

/**
 * Where a batch of events stems from in Temporal, as the recording activity knows it. Every field
 * is nullable: events appended outside an activity (tests, tools) carry none, and the canonical
 * form leaves null fields out of the hash.
 *
 * @param workflowId the workflow (task) id
 * @param activityId the activity id of the {@code Record} activity that appended the batch: it
 *     names that activity's {@code ActivityTaskScheduled} event in the run's history one to one,
 *     and is the same on every retry (the SDK's {@code ActivityInfo} carries no history event id)
 * @param traceId the W3C trace id (32 hex digits) when tracing is on
 */
public record LedgerOrigin(String workflowId, String activityId, String traceId) {

  /** No origin: events appended outside a Temporal activity. */
  public static final LedgerOrigin NONE = new LedgerOrigin(null, null, null);
}
