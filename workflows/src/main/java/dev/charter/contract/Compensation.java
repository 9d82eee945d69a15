package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to undo a tool's side effect; registered by the workflow right after the tool succeeded.
 *
 * @param call the compensating tool call, e.g. {@code reverse_refund}
 * @param idempotencyKey its idempotency key
 * @param forKey the idempotency key of the call it undoes
 */
public record Compensation(
    @JsonProperty("call") ToolCall call,
    @JsonProperty("idempotencyKey") String idempotencyKey,
    @JsonProperty("forKey") String forKey) {}
