package dev.charter.activities.authorization;

import dev.charter.contract.ToolCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The hash an approval binds to, so an approval never covers a different call. */
public final class ToolCalls {

  private ToolCalls() {}

  /**
   * sha-256 hex over {@code "tool\ntarget\nk=v\n..."} with the arguments sorted by name: equal
   * calls give equal hashes on every machine.
   */
  public static String argumentsSha256(ToolCall call) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(call.tool()).append('\n').append(call.target()).append('\n');
    for (Map.Entry<String, String> argument : new TreeMap<>(call.arguments()).entrySet()) {
      canonical.append(argument.getKey()).append('=').append(argument.getValue()).append('\n');
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
