package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tool call the model proposed.
 *
 * @param tool the tool name, e.g. {@code issue_refund}; one Cedar action per tool
 * @param target the resource acted on as a Cedar uid, e.g. {@code Shop::Order::"1002"}
 * @param arguments the arguments, kept sorted so their hash is stable
 */
public record ToolCall(
    @JsonProperty("tool") String tool,
    @JsonProperty("target") String target,
    @JsonProperty("arguments") Map<String, String> arguments) {

  public ToolCall {
    arguments =
        arguments == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(arguments));
  }

  /**
   * The hash an approval binds to: sha-256 (hex) of {@code tool\ntarget\nkey=value\n...} with keys
   * sorted. Pure, so workflow code may call it.
   */
  public String argumentsSha256() {
    StringBuilder canonical = new StringBuilder().append(tool).append('\n').append(target);
    arguments.forEach((k, v) -> canonical.append('\n').append(k).append('=').append(v));
    return Hashing.sha256().hashString(canonical, StandardCharsets.UTF_8).toString();
  }
}
