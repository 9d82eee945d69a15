package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the model proposed for a step: tool calls, or a final answer.
 *
 * @param toolCalls tool calls to authorize and run, in order; empty with a final answer
 * @param finalAnswer the answer that ends the task, or null
 * @param intent the intent the model recognised
 * @param confidence the model's confidence in it, 0..1
 * @param rationale why, in a sentence
 * @param provenance which model decided
 */
public record Decision(
    @JsonProperty("toolCalls") List<ToolCall> toolCalls,
    @JsonProperty("finalAnswer") String finalAnswer,
    @JsonProperty("intent") String intent,
    @JsonProperty("confidence") double confidence,
    @JsonProperty("rationale") String rationale,
    @JsonProperty("provenance") ModelProvenance provenance) {

  public Decision {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  @JsonIgnore
  public boolean isFinal() {
    return finalAnswer != null;
  }
}
