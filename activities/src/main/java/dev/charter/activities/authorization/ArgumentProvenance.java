package dev.charter.activities.authorization;

import dev.charter.contract.ArgumentSources;
import dev.charter.contract.TaskInput;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolResult;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each argument value of a proposed call came from, computed by matching the value against
 * the task's sources, never by asking the model (DESIGN.md section 10, "From where"):
 *
 * <ul>
 *   <li>{@code tool_result}: an output value of a tool that ran (a system of record);
 *   <li>{@code fields}: a structured field of a task input, or text an input from a trusted source
 *       wrote (the authenticated caller's claim);
 *   <li>{@code untrusted}: found only in text from outside (ticket text, email bodies);
 *   <li>{@code invented}: found nowhere.
 * </ul>
 *
 * <p>A value found in several sources takes the most trusted one, in the order above: a customer
 * who writes the order number the caller also put in the ticket's fields does not taint it.
 *
 * <p>Matching is tolerant of form, not of content: case, Unicode compatibility forms and runs of
 * whitespace are normalised; numbers compare by value ({@code 25,000}, {@code 25000.00} and {@code
 * 25000} are one number), and an argument named {@code ...Cents} also matches its amount in whole
 * units ({@code 25000} cents is the {@code 250} a ticket mentions). In text a value must stand on
 * its own: {@code 100} is not found in {@code 1002}.
 */
public final class ArgumentProvenance {

  /** Where an argument's value came from; the names are what Cedar and the ledger see. */
  public enum Source {
    TOOL_RESULT("tool_result"),
    FIELDS("fields"),
    UNTRUSTED("untrusted"),
    INVENTED("invented");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    /** The name policies and the ledger use, e.g. {@code untrusted}. */
    public String label() {
      return label;
    }
  }

  /** Numbers as people write them: optional sign and currency, thousands separators, decimals. */
  private static final Pattern NUMBER_IN_TEXT =
      Pattern.compile("(?<![\\p{Alnum}.,])[-+]?[$€£]?\\d[\\d,.]*(?<![.,])(?![\\p{Alnum}])");

  private static final Pattern GROUPED = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d+)?");
  private static final Pattern PLAIN = Pattern.compile("\\d+([.,]\\d+)?");

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final Set<String> trustedInputSources;

  /**
   * @param trustedInputSources input sources whose text counts as the caller's own, e.g. {@code
   *     operator}; every other source's text is untrusted
   */
  public ArgumentProvenance(Set<String> trustedInputSources) {
    this.trustedInputSources = Set.copyOf(trustedInputSources);
  }

  /** Each argument of {@code call} by name, mapped to where its value came from. */
  public Map<String, Source> of(ToolCall call, ArgumentSources sources) {
    List<String> toolValues = new ArrayList<>();
    for (ToolResult result : sources.toolResults()) {
      toolValues.addAll(result.output().values());
    }
    List<String> fieldValues = new ArrayList<>();
    List<String> trustedText = new ArrayList<>();
    List<String> untrustedText = new ArrayList<>();
    for (TaskInput input : sources.inputs()) {
      fieldValues.addAll(input.fields().values());
      if (input.content() != null && !input.content().isBlank()) {
        boolean trusted = input.source() != null && trustedInputSources.contains(input.source());
        (trusted ? trustedText : untrustedText).add(input.content());
      }
    }
    Map<String, Source> provenance = new TreeMap<>();
    call.arguments()
        .forEach(
            (name, value) -> {
              Source source;
              if (value == null || value.isBlank()) {
                source = Source.INVENTED;
              } else if (equalsAny(name, value, toolValues)) {
                source = Source.TOOL_RESULT;
              } else if (equalsAny(name, value, fieldValues)
                  || inAnyText(name, value, trustedText)) {
                source = Source.FIELDS;
              } else if (inAnyText(name, value, untrustedText)) {
                source = Source.UNTRUSTED;
              } else {
                source = Source.INVENTED;
              }
              provenance.put(name, source);
            });
    return provenance;
  }

  /**
   * Each argument of {@code call} as {@link Source#INVENTED}: for a request that brings no sources
   * (not sent by the workflow), whose values therefore have no known origin.
   */
  public static Map<String, Source> unknown(ToolCall call) {
    Map<String, Source> provenance = new TreeMap<>();
    call.arguments().keySet().forEach(name -> provenance.put(name, Source.INVENTED));
    return provenance;
  }

  /** The names of the arguments that came from {@code source}, sorted. */
  public static Set<String> named(Map<String, Source> provenance, Source source) {
    Set<String> names = new TreeSet<>();
    provenance.forEach(
        (name, found) -> {
          if (found == source) {
            names.add(name);
          }
        });
    return names;
  }

  /** The provenance as the ledger records it: argument name to source label. */
  public static Map<String, String> labels(Map<String, Source> provenance) {
    Map<String, String> labels = new TreeMap<>();
    provenance.forEach((name, source) -> labels.put(name, source.label()));
    return labels;
  }

  private static boolean equalsAny(String name, String value, List<String> candidates) {
    String wanted = normalise(value);
    List<BigDecimal> numbers = numericForms(name, value);
    for (String candidate : candidates) {
      if (candidate == null) {
        continue;
      }
      if (normalise(candidate).equals(wanted)) {
        return true;
      }
      BigDecimal number = number(candidate);
      if (number != null && numbers.stream().anyMatch(n -> n.compareTo(number) == 0)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inAnyText(String name, String value, List<String> texts) {
    String wanted = normalise(value);
    List<BigDecimal> numbers = numericForms(name, value);
    Pattern standalone =
        Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(wanted) + "(?![\\p{Alnum}])");
    for (String text : texts) {
      String normalised = normalise(text);
      if (standalone.matcher(normalised).find()) {
        return true;
      }
      if (!numbers.isEmpty()) {
        Matcher found = NUMBER_IN_TEXT.matcher(normalised);
        while (found.find()) {
          BigDecimal number = number(found.group());
          if (number != null && numbers.stream().anyMatch(n -> n.compareTo(number) == 0)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The value as a number, and for an amount in cents also in whole units; empty if none. */
  private static List<BigDecimal> numericForms(String name, String value) {
    BigDecimal number = number(value);
    if (number == null) {
      return List.of();
    }
    if (name.toLowerCase(Locale.ROOT).endsWith("cents")) {
      return List.of(number, number.divide(HUNDRED));
    }
    return List.of(number);
  }

  /**
   * A number as written, or null: {@code 25,000} and {@code 25000.00} are 25000; {@code 49,90}
   * (decimal comma) is 49.9; currency signs and a sign are allowed.
   */
  static BigDecimal number(String written) {
    String text = written.strip().replaceFirst("^[+]", "");
    boolean negative = text.startsWith("-");
    text = text.replaceFirst("^-", "").replaceFirst("^[$€£]", "").strip();
    String digits;
    if (GROUPED.matcher(text).matches()) {
      digits = text.replace(",", "");
    } else if (PLAIN.matcher(text).matches()) {
      digits = text.replace(',', '.');
    } else {
      return null;
    }
    BigDecimal number = new BigDecimal(digits);
    return negative ? number.negate() : number;
  }

  /** Compatibility forms folded, lower case, whitespace runs to one space, trimmed. */
  static String normalise(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", " ")
        .strip();
  }
}
