package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ask Cedar ({@code invoke_model}) which backends of the pinned route this step's data may reach.
 *
 * @param taskId the task
 * @param step the step
 * @param pin the task's pin (route, tenant, risk tier, bundle)
 * @param labels the step's data labels
 * @param tainted whether the step's content is tainted
 */
public record ModelAuthorizationRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("pin") TaskPin pin,
    @JsonProperty("labels") DataLabels labels,
    @JsonProperty("tainted") boolean tainted) {}
