package dev.charter.activities.perception;

import io.temporal.failure.ApplicationFailure;
import java.util.Locale;

/** Data classification levels, lowest first, so the stricter of two is the greater. */
enum Classification {
  PUBLIC,
  INTERNAL,
  CONFIDENTIAL,
  RESTRICTED;

  Classification atLeast(Classification other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /**
   * @throws ApplicationFailure non-retryable {@code InvalidClassification} quoting the value
   */
  static Classification parse(String inputName, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "input `"
              + inputName
              + "` field `classification` must be PUBLIC, INTERNAL, CONFIDENTIAL or RESTRICTED, got `"
              + value
              + "`",
          "InvalidClassification");
    }
  }
}
