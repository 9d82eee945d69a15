package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Ask Cedar whether a proposed tool call may run.
 *
 * @param taskId the task
 * @param step the step
 * @param pin the task's pin
 * @param call the proposed call
 * @param labels the step's data labels
 * @param tainted whether the step's content is tainted
 * @param approvals approvals granted for this very call
 * @param callIndex the call's position in the step's decision: with task and step it names the
 *     idempotency key {@code taskId/step/callIndex} the permit of an ALLOW verdict binds to; null
 *     on requests written before permits, which get no permit
 * @param sources what the arguments' values may have come from; null (requests written before
 *     provenance, or callers other than the workflow) is decided as if every argument were invented
 */
public record ToolAuthorizationRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("pin") TaskPin pin,
    @JsonProperty("call") ToolCall call,
    @JsonProperty("labels") DataLabels labels,
    @JsonProperty("tainted") boolean tainted,
    @JsonProperty("approvals") List<GrantedApproval> approvals,
    @JsonProperty("callIndex") Integer callIndex,
    @JsonProperty("sources") ArgumentSources sources) {

  public ToolAuthorizationRequest {
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }

  /** The idempotency key the call runs under, or null when no call index was given. */
  public String idempotencyKey() {
    return callIndex == null ? null : taskId + "/" + step + "/" + callIndex;
  }
}
