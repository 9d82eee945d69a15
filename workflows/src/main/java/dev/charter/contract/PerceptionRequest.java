package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Input of perception for one step.
 *
 * @param taskId the task
 * @param step the step
 * @param residency the pinned residency region, copied into the labels
 * @param inputs the task's inputs
 * @param toolResults results of the tools run so far (untrusted: they taint)
 */
public record PerceptionRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("residency") String residency,
    @JsonProperty("inputs") List<TaskInput> inputs,
    @JsonProperty("toolResults") List<ToolResult> toolResults) {

  public PerceptionRequest {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    toolResults = toolResults == null ? List.of() : List.copyOf(toolResults);
  }
}
