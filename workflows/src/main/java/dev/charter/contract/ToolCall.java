package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tool call the model proposed.
 *
 * @param tool the tool name, e.g. {@code issue_refund}; one Cedar action per tool
 * @param target the resource acted on as {@code Type::"id"}, e.g. {@code Shop::Order::"1002"}
 * @param arguments the arguments, kept sorted so their hash is stable
 */
public record ToolCall(
    @JsonProperty("tool") String tool,
    @JsonProperty("target") String target,
    @JsonProperty("arguments") Map<String, String> arguments) {

  public ToolCall {
    arguments =
        arguments == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(arguments));
  }
}
