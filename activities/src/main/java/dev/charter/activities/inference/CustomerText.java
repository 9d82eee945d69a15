package dev.charter.activities.inference;

import dev.charter.model.Intent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An observation split into the customer's own text and the tool results perception appended to it,
 * one line {@code tool: key=value, ...} per tool run, in the order of {@code toolsDone}. The intent
 * is decided on the customer's part only; the tool results inform the next action.
 *
 * @param customer the text the customer wrote (redacted)
 * @param results the output of each tool run so far, by tool, the latest run winning
 */
record CustomerText(String customer, Map<String, Map<String, String>> results) {

  /**
   * Splits {@code observed}. When its last lines are not the results of {@code toolsDone} (another
   * perception), the whole text is taken as the customer's and no result is read.
   */
  static CustomerText of(String observed, List<String> toolsDone) {
    if (toolsDone.isEmpty()) {
      return new CustomerText(observed, Map.of());
    }
    String[] lines = observed.split("\n", -1);
    int first = lines.length - toolsDone.size();
    if (first < 1) {
      return new CustomerText(observed, Map.of());
    }
    Map<String, Map<String, String>> results = new LinkedHashMap<>();
    for (int i = 0; i < toolsDone.size(); i++) {
      String line = lines[first + i];
      String prefix = toolsDone.get(i) + ":";
      if (!line.startsWith(prefix)) {
        return new CustomerText(observed, Map.of());
      }
      results.put(toolsDone.get(i), fields(line.substring(prefix.length())));
    }
    return new CustomerText(String.join("\n", Arrays.copyOfRange(lines, 0, first)), results);
  }

  private static Map<String, String> fields(String rendered) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : rendered.strip().split(", ")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        out.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return out;
  }

  /**
   * What in the tool results stops {@code intent}'s plan, or null: a refund for an order the lookup
   * shows as already refunded in full.
   */
  String blockingResult(Intent intent) {
    Map<String, String> order = results.get(ToolPlan.LOOKUP_ORDER);
    if (intent != Intent.REFUND || order == null || results.containsKey(ToolPlan.ISSUE_REFUND)) {
      return null;
    }
    try {
      long total = Long.parseLong(order.getOrDefault("totalCents", "-1"));
      long refunded = Long.parseLong(order.getOrDefault("refundedCents", "0"));
      return total >= 0 && refunded >= total ? "the order is already refunded in full" : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
