package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tool call, authorized, on its way to run.
 *
 * @param taskId the task
 * @param step the step
 * @param idempotencyKey {@code taskId/step/callIndex}; a second run with the same key returns the
 *     first result and changes nothing
 * @param call the call
 * @param permit the signed permit the authorization stage issued for exactly this call ({@link
 *     PolicyVerdict#permit()}); the tool refuses to act without a valid one
 */
public record ToolInvocation(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("idempotencyKey") String idempotencyKey,
    @JsonProperty("call") ToolCall call,
    @JsonProperty("permit") @JsonInclude(JsonInclude.Include.NON_NULL) String permit) {

  /** An invocation without a permit: what histories written before permits carry. */
  public ToolInvocation(String taskId, int step, String idempotencyKey, ToolCall call) {
    this(taskId, step, idempotencyKey, call, null);
  }
}
