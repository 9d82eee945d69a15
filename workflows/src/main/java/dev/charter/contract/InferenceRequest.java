package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Input of the decide activity for one step.
 *
 * @param taskId the task
 * @param step the step
 * @param backends the permitted backends, in the order to try
 * @param observation what perception saw (redacted)
 * @param fields the structured fields of the task's inputs, where tool arguments come from
 * @param toolsDone tools already run in this task, in order
 * @param tools the tools the profile may use
 */
public record InferenceRequest(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("step") int step,
    @JsonProperty("backends") List<BackendRef> backends,
    @JsonProperty("observation") Observation observation,
    @JsonProperty("fields") Map<String, String> fields,
    @JsonProperty("toolsDone") List<String> toolsDone,
    @JsonProperty("tools") List<String> tools) {

  public InferenceRequest {
    backends = backends == null ? List.of() : List.copyOf(backends);
    fields = fields == null ? Map.of() : Map.copyOf(fields);
    toolsDone = toolsDone == null ? List.of() : List.copyOf(toolsDone);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }
}
