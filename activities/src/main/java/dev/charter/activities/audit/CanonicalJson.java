package dev.charter.activities.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form the ledger hashes, so the same content always gives the same bytes.
 *
 * <ul>
 *   <li>object keys sorted recursively by {@link String#compareTo} (UTF-16 code units);
 *   <li>no whitespace; UTF-8; strings escaped as Jackson writes them (quote, backslash and control
 *       characters escaped, everything else literal);
 *   <li>object members whose value is null are dropped; nulls inside arrays are kept (dropping them
 *       would shift positions);
 *   <li>integers ({@code int}, {@code long}, {@code BigInteger}) as plain digits;
 *   <li>other numbers as their decimal value with trailing zeros stripped, in plain notation:
 *       {@code 2.50 -> 2.5}, {@code 2.0 -> 2}, {@code 1e3 -> 1000}, {@code 1.5e-7 -> 0.00000015},
 *       {@code -0.0 -> 0}; a {@code double} is taken by its shortest decimal form ({@code
 *       Double.toString}), a {@code float} by {@code Float.toString}; NaN and infinities are
 *       refused because JSON cannot carry them.
 * </ul>
 *
 * <p>The form is a fixed point: {@code write(parse(write(x))).equals(write(x))}, which is what lets
 * {@link AuditLedger#verify} recompute hashes from stored payloads.
 */
public final class CanonicalJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** Reads stored JSON without losing digits, so a re-canonicalized number keeps its value. */
  private static final ObjectReader EXACT_READER =
      MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private CanonicalJson() {}

  /**
   * Returns the canonical JSON text of {@code value} (a map, list, record, scalar or {@link
   * JsonNode}).
   *
   * @throws IllegalArgumentException if the value holds NaN or an infinity, or cannot be mapped to
   *     JSON
   */
  public static String write(Object value) {
    JsonNode node = toTree(value);
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
      writeNode(generator, node, "$");
    } catch (IOException e) {
      throw new UncheckedIOException("canonical JSON: writing to memory failed", e);
    }
    return out.toString();
  }

  /** Returns the UTF-8 bytes of {@link #write(Object)}. */
  public static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses JSON text keeping every digit of its numbers (decimals as {@link BigDecimal}).
   *
   * @throws IllegalArgumentException if the text is not JSON, quoting the parser's message
   */
  public static JsonNode parse(String json) {
    try {
      return EXACT_READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("canonical JSON: not JSON: " + e.getOriginalMessage(), e);
    }
  }

  static JsonNode toTree(Object value) {
    if (value instanceof JsonNode node) {
      return node;
    }
    try {
      return MAPPER.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "canonical JSON: cannot map a " + value.getClass().getName() + " to JSON", e);
    }
  }

  private static void writeNode(JsonGenerator generator, JsonNode node, String path)
      throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(generator, node, path);
      case ARRAY -> {
        generator.writeStartArray();
        int index = 0;
        for (JsonNode element : node) {
          writeNode(generator, element, path + "[" + index++ + "]");
        }
        generator.writeEndArray();
      }
      case NUMBER -> writeNumber(generator, node, path);
      case STRING, BINARY -> generator.writeString(node.asText());
      case BOOLEAN -> generator.writeBoolean(node.booleanValue());
      case NULL, MISSING -> generator.writeNull();
      case POJO ->
          throw new IllegalArgumentException(
              "canonical JSON: " + path + " holds a non-JSON value: " + node);
    }
  }

  private static void writeObject(JsonGenerator generator, JsonNode node, String path)
      throws IOException {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getValue().isNull() && !field.getValue().isMissingNode()) {
        names.add(field.getKey());
      }
    }
    names.sort(null);
    generator.writeStartObject();
    for (String name : names) {
      generator.writeFieldName(name);
      writeNode(generator, node.get(name), path + "." + name);
    }
    generator.writeEndObject();
  }

  private static void writeNumber(JsonGenerator generator, JsonNode node, String path)
      throws IOException {
    if (node.isIntegralNumber()) {
      generator.writeNumber(node.bigIntegerValue());
      return;
    }
    BigDecimal decimal;
    if (node.isDouble() || node.isFloat()) {
      double value = node.doubleValue();
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            "canonical JSON: " + path + " must be a finite number, got " + value);
      }
      decimal =
          node.isFloat()
              ? new BigDecimal(Float.toString(node.floatValue()))
              : BigDecimal.valueOf(value);
    } else {
      decimal = node.decimalValue();
    }
    generator.writeNumber(decimal.stripTrailingZeros().toPlainString());
  }
}
