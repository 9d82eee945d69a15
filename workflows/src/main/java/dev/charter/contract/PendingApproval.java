package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An approval the task is waiting for.
 *
 * @param approvalId {@code taskId/step/callIndex}
 * @param tenant the task's tenant; approvers must belong to it
 * @param call the tool call waiting
 * @param argumentsSha256 hash of the call's arguments, what the approval binds to
 * @param requiredRoles the roles whose approval the call needs; on tasks with approval tokens
 *     (change id {@code approval-token}) all of them, each from a distinct human who is not the
 *     task's requester (four eyes)
 * @param verdict the verdict that asked for approval
 * @param missingRoles the required roles no one has approved in yet; empty when not known (tasks
 *     before approval tokens)
 */
public record PendingApproval(
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("call") ToolCall call,
    @JsonProperty("argumentsSha256") String argumentsSha256,
    @JsonProperty("requiredRoles") List<String> requiredRoles,
    @JsonProperty("verdict") PolicyVerdict verdict,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("missingRoles")
        List<String> missingRoles) {

  @JsonCreator
  public PendingApproval {
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    missingRoles = missingRoles == null ? List.of() : List.copyOf(missingRoles);
  }

  /** A pending approval that says nothing of the roles still missing. */
  public PendingApproval(
      String approvalId,
      String tenant,
      ToolCall call,
      String argumentsSha256,
      List<String> requiredRoles,
      PolicyVerdict verdict) {
    this(approvalId, tenant, call, argumentsSha256, requiredRoles, verdict, List.of());
  }

  /** This approval, with {@code missing} the roles still to approve. */
  public PendingApproval withMissingRoles(List<String> missing) {
    return new PendingApproval(
        approvalId, tenant, call, argumentsSha256, requiredRoles, verdict, missing);
  }
}
