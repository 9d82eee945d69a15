package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * One governed fact, as the workflow hands it to the ledger. The ledger adds the chain hash and the
 * time it was recorded.
 *
 * <p>On the wire (Temporal payloads, {@code charter audit export}) it is {@code {"taskId", "seq",
 * "type", "step", "workflowRunId", "payload"}}: the fact's type name beside it and the fact's own
 * JSON as {@code payload}, the shape events always had, so histories recorded before the facts were
 * typed decode into the same records.
 *
 * @param taskId the task
 * @param seq position in the task's chain, from 1, assigned by the workflow so a retried append is
 *     a no-op
 * @param step the step, 0 for task-level events
 * @param workflowRunId the Temporal run id it stems from
 * @param payload the fact; its {@link AuditFact#type()} is the event's type
 */
public record AuditEvent(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("seq") long seq,
    @JsonProperty("step") int step,
    @JsonProperty("workflowRunId") String workflowRunId,
    @JsonTypeInfo(
            use = JsonTypeInfo.Id.NAME,
            include = JsonTypeInfo.As.EXTERNAL_PROPERTY,
            property = "type")
        @JsonProperty("payload")
        AuditFact payload) {

  public AuditEvent {
    Objects.requireNonNull(payload, "payload: an audit event needs its fact");
  }

  /** The event type: the fact's stable type name, e.g. {@code policy.verdict}. */
  @JsonIgnore
  public String type() {
    return payload.type();
  }
}
