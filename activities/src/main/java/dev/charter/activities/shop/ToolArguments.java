package dev.charter.activities.shop;

import dev.charter.activities.tools.ToolContract;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;

/**
 * A tool call's arguments, read after the call passed its tool's contract ({@link ToolContract}):
 * presence, types, ranges and patterns are the contract's to check, once, so this only reads values
 * out.
 */
final class ToolArguments {

  private final Map<String, String> values;

  ToolArguments(Map<String, String> values) {
    this.values = values;
  }

  /** A required argument (the contract made sure it is there). */
  String text(String name) {
    return values.get(name);
  }

  /** An optional argument, or {@code fallback} when absent or blank. */
  String optional(String name, String fallback) {
    String value = values.get(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** An integer argument (the contract made sure it is one). */
  long wholeNumber(String name) {
    return Long.parseLong(values.get(name).trim());
  }

  static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ToolContract.INVALID);
  }
}
