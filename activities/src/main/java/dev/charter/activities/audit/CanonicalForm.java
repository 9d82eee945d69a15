package dev.charter.activities.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * The canonical form an event's hash covers, named per row ({@code canonical_form}), so a chain may
 * hold both: rows recorded before ledger V6 keep the legacy form and keep verifying, new rows hash
 * RFC 8785 bytes.
 *
 * <p>Either way {@code hash = sha256hex(prev_hash + hashedContent)} over UTF-8, where {@code
 * hashedContent} is the canonical JSON of the envelope {@code {taskId, seq, type, step,
 * workflowRunId, workflowId, activityId, traceId, payload}} with null members left out; the JCS
 * envelope also carries {@code schemaVersion}.
 */
public enum CanonicalForm {

  /**
   * Charter's first form ({@link CanonicalJson}): keys sorted by UTF-16 code units, null members
   * dropped, decimals in plain notation. Column value NULL.
   */
  LEGACY(null),

  /** RFC 8785 JSON Canonicalization Scheme ({@link Jcs}). Column value {@code jcs-rfc8785}. */
  JCS("jcs-rfc8785");

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String column;

  CanonicalForm(String column) {
    this.column = column;
  }

  /** The form new events are recorded in. */
  public static CanonicalForm current() {
    return JCS;
  }

  /** The {@code canonical_form} column value; null for {@link #LEGACY}. */
  public String column() {
    return column;
  }

  /**
   * The form a row names.
   *
   * @throws IllegalArgumentException for a value no form has, quoting it
   */
  public static CanonicalForm ofColumn(String value) {
    for (CanonicalForm form : values()) {
      if (java.util.Objects.equals(form.column, value)) {
        return form;
      }
    }
    throw new IllegalArgumentException(
        "unknown canonical form `" + value + "`; known: NULL (legacy), " + JCS.column);
  }

  /** The payload text as stored and hashed in this form. */
  public String payload(JsonNode tree) {
    return this == JCS ? Jcs.write(tree) : CanonicalJson.write(tree);
  }

  /**
   * The text the chain hashes for one event, after the previous hash.
   *
   * @param schemaVersion the fact's schema version; ignored by {@link #LEGACY}, which predates it
   * @param payloadJson the stored payload, already in this form
   * @throws IllegalArgumentException if the payload is not JSON
   */
  public String hashedContent(
      String taskId,
      long seq,
      String type,
      int step,
      String workflowRunId,
      LedgerOrigin origin,
      Integer schemaVersion,
      String payloadJson) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("taskId", taskId);
    envelope.put("seq", seq);
    envelope.put("type", type);
    envelope.put("step", step);
    putIfPresent(envelope, "workflowRunId", workflowRunId);
    putIfPresent(envelope, "workflowId", origin.workflowId());
    putIfPresent(envelope, "activityId", origin.activityId());
    putIfPresent(envelope, "traceId", origin.traceId());
    if (this == LEGACY) {
      envelope.set("payload", CanonicalJson.parse(payloadJson));
      return CanonicalJson.write(envelope);
    }
    if (schemaVersion != null) {
      envelope.put("schemaVersion", schemaVersion);
    }
    // The stored text goes in as it is; JCS re-reads it, so what is hashed is exactly its value.
    envelope.putRawValue("payload", new RawValue(payloadJson));
    try {
      return Jcs.canonicalize(JSON.writeValueAsString(envelope));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JCS envelope: " + e.getOriginalMessage(), e);
    }
  }

  private static void putIfPresent(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }
}
