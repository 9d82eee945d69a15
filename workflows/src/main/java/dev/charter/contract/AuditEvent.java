package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One governed fact, as the workflow hands it to the ledger. The ledger adds the chain hash and the
 * time it was recorded.
 *
 * @param taskId the task
 * @param seq position in the task's chain, from 1, assigned by the workflow so a retried append is
 *     a no-op
 * @param type the event type, e.g. {@code task.pinned}, {@code policy.verdict}
 * @param step the step, 0 for task-level events
 * @param workflowRunId the Temporal run id it stems from
 * @param payload the event's content; never raw PII or secrets
 */
public record AuditEvent(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("seq") long seq,
    @JsonProperty("type") String type,
    @JsonProperty("step") int step,
    @JsonProperty("workflowRunId") String workflowRunId,
    @JsonProperty("payload") Map<String, Object> payload) {

  public AuditEvent {
    payload = payload == null ? Map.of() : payload;
  }
}
