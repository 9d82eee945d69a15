package dev.charter.activities.shop;

import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A tool call's arguments, read strictly: a missing, malformed or unexpected argument is a
 * non-retryable {@code InvalidToolArguments} naming the tool and the argument, since no retry can
 * mend what the model proposed.
 */
final class ToolArguments {

  static final String INVALID = "InvalidToolArguments";

  /** Ids of orders, customers, refunds: short, no spaces or quotes. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** Quoted values are cut short: an argument can be long free text. */
  private static final int QUOTE_LIMIT = 64;

  private final String tool;
  private final Map<String, String> values;

  ToolArguments(String tool, Map<String, String> values) {
    this.tool = tool;
    this.values = values;
  }

  /** Refuses arguments the tool does not take: a misspelt optional one would be silently lost. */
  ToolArguments only(String... names) {
    Set<String> unexpected = new TreeSet<>(values.keySet());
    unexpected.removeAll(Set.of(names));
    if (!unexpected.isEmpty()) {
      throw invalid(
          "tool `"
              + tool
              + "` got unexpected argument(s) "
              + unexpected
              + "; it takes "
              + Set.of(names).stream().sorted().toList());
    }
    return this;
  }

  String id(String name) {
    return matching(name, text(name), ID, "an id like `1002` or `c-100`");
  }

  String optionalId(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? null : id(name);
  }

  String name(String name) {
    return matching(name, text(name), NAME, "a lower_snake_case name");
  }

  String optionalName(String name, String fallback) {
    String value = values.get(name);
    return value == null || value.isBlank() ? fallback : name(name);
  }

  long wholeNumber(String name) {
    String value = text(name);
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(
          "tool `"
              + tool
              + "` argument `"
              + name
              + "` must be a whole number, got "
              + quote(value));
    }
  }

  /** Free text such as a reason; present and not blank, at most {@code maxLength} characters. */
  String text(String name, int maxLength) {
    String value = text(name);
    if (value.length() > maxLength) {
      throw invalid(
          "tool `"
              + tool
              + "` argument `"
              + name
              + "` must be at most "
              + maxLength
              + " characters, got "
              + value.length());
    }
    return value;
  }

  private String text(String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw invalid("tool `" + tool + "` is missing required argument `" + name + "`");
    }
    return value;
  }

  private String matching(String name, String value, Pattern pattern, String expected) {
    if (!pattern.matcher(value).matches()) {
      throw invalid(
          "tool `"
              + tool
              + "` argument `"
              + name
              + "` must be "
              + expected
              + ", got "
              + quote(value));
    }
    return value;
  }

  private static String quote(String value) {
    return value.length() <= QUOTE_LIMIT
        ? "`" + value + "`"
        : "`" + value.substring(0, QUOTE_LIMIT) + "…` (" + value.length() + " characters)";
  }

  static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INVALID);
  }
}
