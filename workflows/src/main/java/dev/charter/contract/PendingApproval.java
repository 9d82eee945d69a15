package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An approval the task is waiting for.
 *
 * @param approvalId {@code taskId/step/callIndex}
 * @param tenant the task's tenant; approvers must belong to it
 * @param call the tool call waiting
 * @param argumentsSha256 hash of the call's arguments, what the approval binds to
 * @param requiredRoles roles any one of which may approve
 * @param verdict the verdict that asked for approval
 */
public record PendingApproval(
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("call") ToolCall call,
    @JsonProperty("argumentsSha256") String argumentsSha256,
    @JsonProperty("requiredRoles") List<String> requiredRoles,
    @JsonProperty("verdict") PolicyVerdict verdict) {

  public PendingApproval {
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
  }
}
