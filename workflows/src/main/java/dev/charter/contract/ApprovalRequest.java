package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A human's answer to a pending approval, sent as the {@code approve} or {@code reject} Update.
 *
 * @param approvalId the id of the pending approval answered ({@code taskId/step/callIndex}); an
 *     answer to any other approval is stale and refused by the update validator
 * @param approver the human's id, e.g. {@code dana.lead}; their roles come from the directory,
 *     never from the request
 * @param role the role they answer in; may be null when the approval names a single role. The
 *     validator checks through Cedar that the approver holds it
 * @param reason why, in the human's words
 */
public record ApprovalRequest(
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("approver") String approver,
    @JsonProperty("role") String role,
    @JsonProperty("reason") String reason) {}
