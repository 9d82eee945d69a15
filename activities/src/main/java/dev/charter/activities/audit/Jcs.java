package dev.charter.activities.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785, the JSON Canonicalization Scheme: the bytes new ledger events are hashed over, so an
 * auditor recomputes a hash with any JCS library (docs/audit.md shows one in JavaScript). The
 * canonicalization itself is the reference implementation by the RFC's co-author ({@code
 * io.github.erdtman:java-json-canonicalization}); this class only feeds it JSON text and refuses
 * what JSON cannot carry.
 */
public final class Jcs {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private Jcs() {}

  /**
   * The RFC 8785 form of {@code json}: members sorted by UTF-16 code units, no whitespace, numbers
   * as ECMAScript prints IEEE-754 doubles, strings with minimal escaping.
   *
   * @throws IllegalArgumentException if {@code json} is not JSON, quoting the parser's message
   */
  public static String canonicalize(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedString();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("JCS: not canonicalizable JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The RFC 8785 form of a JSON tree.
   *
   * @throws IllegalArgumentException if the tree holds NaN or an infinity, naming where
   */
  public static String write(JsonNode tree) {
    requireFinite(tree, "$");
    try {
      return canonicalize(JSON.writeValueAsString(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JCS: cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void requireFinite(JsonNode node, String path) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw new IllegalArgumentException(
          "JCS: " + path + " must be a finite number, got " + node.doubleValue());
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        requireFinite(field.getValue(), path + "." + field.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireFinite(node.get(i), path + "[" + i + "]");
      }
    }
  }
}
