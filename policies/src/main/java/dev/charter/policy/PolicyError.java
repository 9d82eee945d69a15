package dev.charter.policy;

import java.util.Objects;

/**
 * A policy whose evaluation failed for a request (overflow, a missing entity or tag, ...), with
 * Cedar's message. Cedar treats an erroring policy as not applying; whether the request is still
 * decided by Cedar or denied is {@link OnPolicyError}'s rule.
 *
 * @param policyId the policy's {@code @id}
 * @param message Cedar's words
 */
public record PolicyError(String policyId, String message) {

  public PolicyError {
    Objects.requireNonNull(policyId, "policyId");
    message = message == null ? "" : message;
  }

  /** {@code policy `id`: message}, as listed among a decision's errors. */
  public String describe() {
    return "policy `" + policyId + "`: " + message;
  }
}
