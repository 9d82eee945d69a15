package dev.charter.activities.inference;

import dev.charter.contract.ToolCall;
import dev.charter.model.Intent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each intent needs done, in order, and how each tool's call is built from the task's
 * structured fields. Arguments never come from the ticket text: the model only chooses the step.
 */
final class ToolPlan {

  static final String LOOKUP_ORDER = "lookup_order";
  static final String ISSUE_REFUND = "issue_refund";
  static final String SEND_CUSTOMER_EMAIL = "send_customer_email";
  static final String EXPORT_CUSTOMER_DATA = "export_customer_data";
  static final String ESCALATE_TO_HUMAN = "escalate_to_human";

  private static final String SUPPORT_QUEUE = "Shop::Queue::\"support\"";

  private ToolPlan() {}

  /** The tools an intent needs, in order. */
  static List<String> forIntent(Intent intent) {
    return switch (intent) {
      case ORDER_STATUS -> List.of(LOOKUP_ORDER);
      case REFUND -> List.of(LOOKUP_ORDER, ISSUE_REFUND, SEND_CUSTOMER_EMAIL);
      case RECEIPT -> List.of(LOOKUP_ORDER, SEND_CUSTOMER_EMAIL);
      case DATA_EXPORT -> List.of(EXPORT_CUSTOMER_DATA);
      case ESCALATION, OTHER -> List.of(ESCALATE_TO_HUMAN);
    };
  }

  /**
   * The first tool of {@code plan} not yet run, matching each run tool against one planned
   * occurrence so a tool planned twice must have run twice.
   */
  static Optional<String> nextStep(List<String> plan, List<String> toolsDone) {
    Map<String, Integer> remaining = new HashMap<>();
    toolsDone.forEach(tool -> remaining.merge(tool, 1, Integer::sum));
    for (String tool : plan) {
      int done = remaining.getOrDefault(tool, 0);
      if (done == 0) {
        return Optional.of(tool);
      }
      remaining.put(tool, done - 1);
    }
    return Optional.empty();
  }

  /** How many times {@code tool} occurs in {@code tools}. */
  static long count(List<String> tools, String tool) {
    return tools.stream().filter(tool::equals).count();
  }

  /**
   * The call of {@code tool} for {@code intent} built from {@code fields}.
   *
   * @return the call, or the name of the first required field that is missing
   */
  static Built build(String tool, Intent intent, Map<String, String> fields) {
    Map<String, String> args = new LinkedHashMap<>();
    switch (tool) {
      case LOOKUP_ORDER -> {
        String orderId = fields.get("orderId");
        if (isBlank(orderId)) {
          return Built.missing("orderId");
        }
        args.put("orderId", orderId);
        return Built.call(new ToolCall(tool, entity("Shop::Order", orderId), args));
      }
      case ISSUE_REFUND -> {
        for (String field : List.of("orderId", "amountCents")) {
          if (isBlank(fields.get(field))) {
            return Built.missing(field);
          }
        }
        args.put("orderId", fields.get("orderId"));
        args.put("amountCents", fields.get("amountCents"));
        return Built.call(new ToolCall(tool, entity("Shop::Order", fields.get("orderId")), args));
      }
      case SEND_CUSTOMER_EMAIL -> {
        String customerId = fields.get("customerId");
        if (isBlank(customerId)) {
          return Built.missing("customerId");
        }
        args.put("customerId", customerId);
        args.put("template", intent == Intent.REFUND ? "refund_confirmation" : "receipt");
        args.put("includesCustomerData", "true");
        return Built.call(new ToolCall(tool, entity("Shop::Customer", customerId), args));
      }
      case EXPORT_CUSTOMER_DATA -> {
        for (String field : List.of("customerId", "destination")) {
          if (isBlank(fields.get(field))) {
            return Built.missing(field);
          }
        }
        args.put("customerId", fields.get("customerId"));
        args.put("destination", fields.get("destination"));
        args.put("destinationVerified", fields.getOrDefault("destinationVerified", "false"));
        return Built.call(
            new ToolCall(tool, entity("Shop::Customer", fields.get("customerId")), args));
      }
      case ESCALATE_TO_HUMAN -> {
        return Built.call(escalation(intent.label()));
      }
      default -> throw new IllegalArgumentException("no plan step for tool `" + tool + "`");
    }
  }

  /** The arguments each tool takes, as offered to chat models in their tool specifications. */
  static List<String> parameters(String tool) {
    return switch (tool) {
      case LOOKUP_ORDER -> List.of("orderId");
      case ISSUE_REFUND -> List.of("orderId", "amountCents");
      case SEND_CUSTOMER_EMAIL -> List.of("customerId", "template", "includesCustomerData");
      case EXPORT_CUSTOMER_DATA -> List.of("customerId", "destination", "destinationVerified");
      case ESCALATE_TO_HUMAN -> List.of("reason");
      default -> List.of();
    };
  }

  /**
   * A call a chat model proposed, with its target derived from its arguments the same way the plan
   * builds it. An unknown tool or a missing key gives an empty target, which authorization refuses.
   */
  static ToolCall fromModel(String tool, Map<String, String> arguments) {
    String target =
        switch (tool) {
          case LOOKUP_ORDER, ISSUE_REFUND -> entityOrEmpty("Shop::Order", arguments.get("orderId"));
          case SEND_CUSTOMER_EMAIL, EXPORT_CUSTOMER_DATA ->
              entityOrEmpty("Shop::Customer", arguments.get("customerId"));
          case ESCALATE_TO_HUMAN -> SUPPORT_QUEUE;
          default -> "";
        };
    return new ToolCall(tool, target, arguments);
  }

  private static String entityOrEmpty(String type, String id) {
    return isBlank(id) ? "" : entity(type, id);
  }

  /** A hand-over to the human support queue, with the reason the humans will read. */
  static ToolCall escalation(String reason) {
    return new ToolCall(ESCALATE_TO_HUMAN, SUPPORT_QUEUE, Map.of("reason", reason));
  }

  /** A Cedar entity reference; the id is escaped so a field value cannot end the string. */
  private static String entity(String type, String id) {
    return type + "::\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** Either a ready call or the missing field that prevents it. */
  record Built(ToolCall call, String missingField) {
    static Built call(ToolCall call) {
      return new Built(call, null);
    }

    static Built missing(String field) {
      return new Built(null, field);
    }
  }
}
