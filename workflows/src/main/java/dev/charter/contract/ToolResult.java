package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What a tool did.
 *
 * @param tool the tool
 * @param idempotencyKey the key it ran under
 * @param output its output fields (no raw PII: tools return ids and tokens)
 * @param replayed true when the key had run before and this is the recorded first result
 * @param compensation how to undo it, or null when it changed nothing or cannot be undone
 */
public record ToolResult(
    @JsonProperty("tool") String tool,
    @JsonProperty("idempotencyKey") String idempotencyKey,
    @JsonProperty("output") Map<String, String> output,
    @JsonProperty("replayed") boolean replayed,
    @JsonProperty("compensation") Compensation compensation) {

  public ToolResult {
    output = output == null ? Map.of() : Map.copyOf(output);
  }
}
