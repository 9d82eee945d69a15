package dev.charter.workflow.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charter.contract.BackendRef;
import dev.charter.contract.TaskRequest;
import java.util.List;

/**
 * Input of the baseline workflow.
 *
 * @param task the task, as the governed workflow would receive it
 * @param backends the backends to call
 * @param tools the tools the model may propose
 * @param maxSteps step limit
 */
public record BareStepRequest(
    @JsonProperty("task") TaskRequest task,
    @JsonProperty("backends") List<BackendRef> backends,
    @JsonProperty("tools") List<String> tools,
    @JsonProperty("maxSteps") int maxSteps) {}
