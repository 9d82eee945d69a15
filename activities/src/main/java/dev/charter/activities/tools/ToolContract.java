package dev.charter.activities.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.charter.contract.ToolCall;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One tool's argument contract: a JSON Schema (2020-12) with the types, enums, ranges and patterns
 * of its arguments and no unknown properties. The planner builds calls by it, chat backends offer
 * it as the tool's specification, the authorizer refuses a call that breaks it before Cedar is
 * asked, and the tool checks it again before it acts.
 */
public final class ToolContract {

  /** The failure type of a call that breaks its tool's contract; never retried. */
  public static final String INVALID = "InvalidToolArguments";

  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

  /** Quoted values are cut short: an argument can be long free text. */
  private static final int QUOTE_LIMIT = 64;

  private final String tool;
  private final JsonNode schemaJson;
  private final Schema schema;

  ToolContract(String tool, JsonNode schemaJson, Schema schema) {
    this.tool = tool;
    this.schemaJson = schemaJson;
    this.schema = schema;
  }

  /** The tool's name, e.g. {@code issue_refund}. */
  public String tool() {
    return tool;
  }

  /** What the tool does, in one sentence, as offered to models. */
  public String description() {
    return schemaJson.path("description").asText("");
  }

  /** The JSON Schema document itself. */
  public JsonNode schema() {
    return schemaJson.deepCopy();
  }

  /** The argument names, in the schema's order. */
  public List<String> arguments() {
    List<String> names = new ArrayList<>();
    schemaJson.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The arguments every call must carry. */
  public List<String> required() {
    List<String> names = new ArrayList<>();
    schemaJson.path("required").forEach(name -> names.add(name.asText()));
    return names;
  }

  /** One argument's schema, e.g. {@code {"type": "integer", "minimum": 1}}. */
  public JsonNode argument(String name) {
    return schemaJson.path("properties").path(name);
  }

  /**
   * Checks {@code call}'s arguments against the contract. Arguments travel as strings; each is read
   * as the type its schema declares (an integer argument {@code "4900"} is the number 4900) and
   * left a string when it is not one, so the type rule names it.
   *
   * @throws ApplicationFailure non-retryable {@value #INVALID}, naming the first broken argument
   *     (by name) and the rule, e.g. {@code tool `issue_refund`: argument `amountCents` = `12.50`
   *     breaks rule `type`: must be an integer}
   */
  public void check(ToolCall call) {
    List<Error> errors = schema.validate(typed(call.arguments()));
    if (errors.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    errors.stream()
        .sorted(Comparator.comparing(ToolContract::argumentOf))
        .forEach(error -> problems.add(describe(call, error)));
    throw ApplicationFailure.newNonRetryableFailure(String.join("; ", problems), INVALID);
  }

  private ObjectNode typed(Map<String, String> arguments) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    arguments.forEach(
        (name, value) -> {
          String type = argument(name).path("type").asText("");
          if (type.equals("integer")
              && value != null
              && WHOLE_NUMBER.matcher(value.trim()).matches()) {
            node.put(name, Long.parseLong(value.trim()));
          } else if (type.equals("boolean") && ("true".equals(value) || "false".equals(value))) {
            node.put(name, Boolean.parseBoolean(value));
          } else {
            node.put(name, value);
          }
        });
    return node;
  }

  /** The argument an error is about: named by the rule (required, unknown) or by its location. */
  private static String argumentOf(Error error) {
    if (error.getProperty() != null) {
      return error.getProperty();
    }
    // arguments are flat, so the instance location is a JSON pointer like /amountCents
    String location = error.getInstanceLocation().toString();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private String describe(ToolCall call, Error error) {
    String name = argumentOf(error);
    String keyword = error.getKeyword();
    String value = call.arguments().get(name);
    JsonNode rule = argument(name).path(keyword);
    String shown = value == null ? "" : " = " + quote(value);
    String what =
        switch (keyword) {
          case "required" -> "is missing";
          case "additionalProperties" -> "is not an argument of it; it takes " + arguments();
          case "type" -> "must be " + article(rule.asText()) + " " + rule.asText();
          case "enum" -> "must be one of " + enumValues(rule);
          case "pattern" -> "must match " + rule.asText();
          case "minimum" -> "must be at least " + rule.asText();
          case "maximum" -> "must be at most " + rule.asText();
          case "minLength" -> "must be at least " + rule.asText() + " characters";
          case "maxLength" -> "must be at most " + rule.asText() + " characters";
          default -> error.getMessage();
        };
    return "tool `"
        + tool
        + "`: argument `"
        + name
        + "`"
        + shown
        + " breaks rule `"
        + keyword
        + "`: "
        + what;
  }

  private static String enumValues(JsonNode values) {
    List<String> names = new ArrayList<>();
    for (Iterator<JsonNode> it = values.elements(); it.hasNext(); ) {
      names.add(it.next().asText());
    }
    return names.toString();
  }

  private static String article(String type) {
    return type.startsWith("i") ? "an" : "a";
  }

  private static String quote(String value) {
    return value.length() <= QUOTE_LIMIT
        ? "`" + value + "`"
        : "`" + value.substring(0, QUOTE_LIMIT) + "…` (" + value.length() + " characters)";
  }
}
