package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tool call, authorized, on its way to run.
 *
 * @param taskId the task
 * @param step the step
 * @param idempotencyKey {@code taskId/step/callIndex}; a second run with the same key returns the
 *     first result and changes nothing
 * @param call the call
 */
public record ToolInvocation(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("idempotencyKey") String idempotencyKey,
    @JsonProperty("call") ToolCall call) {}
