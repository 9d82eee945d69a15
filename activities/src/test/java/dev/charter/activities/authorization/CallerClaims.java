package dev.charter.activities.authorization;

import dev.charter.contract.ArgumentSources;
import dev.charter.contract.TaskInput;
import dev.charter.contract.ToolCall;
import java.util.List;

/**
 * Argument sources for tests that decide a call on its facts alone: the call's arguments are the
 * caller's structured fields (provenance {@code fields}), with no text and no tool results. A
 * request without sources is decided as if every argument were invented.
 */
public final class CallerClaims {

  private CallerClaims() {}

  /** The caller's fields are exactly {@code call}'s arguments. */
  public static ArgumentSources fieldsOf(ToolCall call) {
    return new ArgumentSources(
        List.of(new TaskInput("ticket", "customer_email", "", call.arguments())), List.of());
  }
}
