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
 */
public record ToolAuthorizationRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("pin") TaskPin pin,
    @JsonProperty("call") ToolCall call,
    @JsonProperty("labels") DataLabels labels,
    @JsonProperty("tainted") boolean tainted,
    @JsonProperty("approvals") List<GrantedApproval> approvals) {

  public ToolAuthorizationRequest {
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }
}
