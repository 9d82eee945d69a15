package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ask Cedar whether a registered compensation may run: compensations are Cedar actions (e.g. {@code
 * reverse_refund}) decided, audited and permitted like the tools they undo.
 *
 * @param taskId the task
 * @param step the step the task is in when it compensates
 * @param pin the task's pin
 * @param compensation the compensation, as the tool registered it
 */
public record CompensationAuthorizationRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("pin") TaskPin pin,
    @JsonProperty("compensation") Compensation compensation) {}
