package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A human's answer to a pending approval, sent as the {@code approve} or {@code reject} Update.
 *
 * <p>The human is proven by {@link #token()}, a signed approval token ({@link ApprovalToken}); a
 * name in the payload proves nothing.
 *
 * @param approvalId the id of the pending approval answered ({@code taskId/step/callIndex}); an
 *     answer to any other approval is stale and refused by the update validator
 * @param approver optional: when given it must equal the token's subject, or the answer is refused;
 *     the human is always the token's subject. Tasks started before approval tokens (change id
 *     {@code approval-token}) still take it as the human's id
 * @param role the role they answer in; may be null when it follows from the approval and the
 *     token's roles. The validator checks through Cedar that the human holds it
 * @param reason why, in the human's words
 * @param token the compact JWS approval token bound to this approval, its argument hash and the
 *     bundle that asked; required from version 1 of change id {@code approval-token}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalRequest(
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("approver") String approver,
    @JsonProperty("role") String role,
    @JsonProperty("reason") String reason,
    @JsonProperty("token") String token) {

  @JsonCreator
  public ApprovalRequest {}

  /** An answer without a token (refused on tasks that require approval tokens). */
  public ApprovalRequest(String approvalId, String approver, String role, String reason) {
    this(approvalId, approver, role, reason, null);
  }

  /** This answer carrying {@code approvalToken}. */
  public ApprovalRequest withToken(String approvalToken) {
    return new ApprovalRequest(approvalId, approver, role, reason, approvalToken);
  }

  /** This answer naming {@code human} as the approver. */
  public ApprovalRequest withApprover(String human) {
    return new ApprovalRequest(approvalId, human, role, reason, token);
  }
}
