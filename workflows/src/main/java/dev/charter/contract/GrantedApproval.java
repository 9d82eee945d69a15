package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An approval a human gave, as it goes into the authorization context. It binds to the exact call
 * (tool, target and arguments, through their hash) and to the bundle that asked for it.
 *
 * @param approvalId the approval answered
 * @param approver the human
 * @param role the role in which they approved
 * @param argumentsSha256 the argument hash approved
 * @param bundleHash the bundle active when the approval was asked for; if another is active at
 *     re-authorization, the approval does not count and the call is asked about again. Null on
 *     approvals recorded before approvals bound to a bundle
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GrantedApproval(
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("approver") String approver,
    @JsonProperty("role") String role,
    @JsonProperty("argumentsSha256") String argumentsSha256,
    @JsonProperty("bundleHash") String bundleHash) {

  /** An approval bound to arguments only. */
  public GrantedApproval(String approvalId, String approver, String role, String argumentsSha256) {
    this(approvalId, approver, role, argumentsSha256, null);
  }
}
