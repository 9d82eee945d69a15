package dev.charter.starter;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether the caller could answer a task's pending approval now, as the checks the approval runs
 * through would decide: Cedar {@code answer_approval} on the task, four eyes (not the task's
 * requester) and the approval gate's Cedar {@code approve} in one of the roles still missing. The
 * dashboard shows its approve and reject buttons by it; it grants nothing: the answer itself goes
 * through the same route authorization and the Update's validator, which also refuse a human who
 * already approved in another role.
 *
 * @param caller the authenticated caller
 * @param approvalId the pending approval, or null when the task waits for none
 * @param mayAnswer whether the checks would let the caller answer it
 * @param role the role they would answer in, when they may
 * @param reason why not, when they may not
 */
public record ApprovalStanding(
    @JsonProperty("caller") String caller,
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("mayAnswer") boolean mayAnswer,
    @JsonProperty("role") String role,
    @JsonProperty("reason") String reason) {

  static ApprovalStanding may(String caller, String approvalId, String role) {
    return new ApprovalStanding(caller, approvalId, true, role, null);
  }

  static ApprovalStanding mayNot(String caller, String approvalId, String reason) {
    return new ApprovalStanding(caller, approvalId, false, null, reason);
  }
}
