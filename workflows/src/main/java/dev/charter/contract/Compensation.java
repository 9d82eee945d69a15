package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to undo a tool's side effect; registered by the workflow right after the tool succeeded.
 *
 * @param call the compensating tool call, e.g. {@code reverse_refund}
 * @param idempotencyKey its idempotency key
 * @param forKey the idempotency key of the call it undoes
 * @param permit the signed permit the authorization stage issued for this compensation; null as the
 *     tool registers it, set by the workflow once Cedar allowed it. The tool refuses to undo
 *     anything without a valid one.
 */
public record Compensation(
    @JsonProperty("call") ToolCall call,
    @JsonProperty("idempotencyKey") String idempotencyKey,
    @JsonProperty("forKey") String forKey,
    @JsonProperty("permit") @JsonInclude(JsonInclude.Include.NON_NULL) String permit) {

  /** A compensation as a tool registers it: not yet authorized, so without a permit. */
  public Compensation(ToolCall call, String idempotencyKey, String forKey) {
    this(call, idempotencyKey, forKey, null);
  }

  /** This compensation carrying {@code signedPermit}. */
  public Compensation withPermit(String signedPermit) {
    return new Compensation(call, idempotencyKey, forKey, signedPermit);
  }
}
