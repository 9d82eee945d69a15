package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An approval a human gave, as it goes into the authorization context.
 *
 * @param approvalId the approval answered
 * @param approver the human
 * @param role the role in which they approved
 * @param argumentsSha256 the argument hash approved
 */
public record GrantedApproval(
    @JsonProperty("approvalId") String approvalId,
    @JsonProperty("approver") String approver,
    @JsonProperty("role") String role,
    @JsonProperty("argumentsSha256") String argumentsSha256) {}
