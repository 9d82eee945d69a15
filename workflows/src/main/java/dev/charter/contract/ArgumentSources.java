package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a proposed call's argument values may have come from, handed to the authorizer so it can
 * compute each argument's provenance by matching values, never by asking the model.
 *
 * @param inputs the task's inputs: their structured fields (the caller's claim) and their text
 *     (untrusted unless its source is one the platform trusts)
 * @param toolResults outputs of the tools run so far (systems of record)
 */
public record ArgumentSources(
    @JsonProperty("inputs") List<TaskInput> inputs,
    @JsonProperty("toolResults") List<ToolResult> toolResults) {

  public ArgumentSources {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    toolResults = toolResults == null ? List.of() : List.copyOf(toolResults);
  }
}
