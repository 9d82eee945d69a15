package dev.charter.activities.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;

/**
 * The JSON of {@link AuditFact}s as the ledger stores them: a fact's payload is the record's JSON
 * with null members left out, and a stored payload reads back into its record by the row's type
 * name (Jackson, polymorphic by name). Reading is strict: an unknown type name or a member the
 * record does not have is an error naming it, never a silently partial fact.
 */
public final class AuditFacts {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private AuditFacts() {}

  /** The payload of {@code fact} as a JSON tree, null members left out. */
  public static JsonNode payload(AuditFact fact) {
    return JSON.valueToTree(fact);
  }

  /**
   * Reads the envelope a row's hash covers ({@link CanonicalForm#hashedContent}, as a decision
   * receipt carries it) back into its event.
   *
   * @throws IllegalArgumentException if it is not such an envelope or its payload does not fit the
   *     record its type names
   */
  public static AuditEvent readHashed(String hashedContent) {
    HashedEnvelope envelope;
    try {
      envelope = JSON.readValue(hashedContent, HashedEnvelope.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "hashed content is not a ledger event envelope: " + e.getOriginalMessage(), e);
    }
    return read(
        envelope.taskId(),
        envelope.seq(),
        envelope.type(),
        envelope.step(),
        envelope.workflowRunId(),
        envelope.payload().toString());
  }

  /** The members {@link CanonicalForm#hashedContent} writes. */
  private record HashedEnvelope(
      @JsonProperty("taskId") String taskId,
      @JsonProperty("seq") long seq,
      @JsonProperty("type") String type,
      @JsonProperty("schemaVersion") Integer schemaVersion,
      @JsonProperty("step") int step,
      @JsonProperty("workflowRunId") String workflowRunId,
      @JsonProperty("workflowId") String workflowId,
      @JsonProperty("activityId") String activityId,
      @JsonProperty("traceId") String traceId,
      @JsonProperty(value = "payload", required = true) JsonNode payload) {}

  /**
   * Reads a stored event back into its record.
   *
   * @throws IllegalArgumentException if {@code type} names no record of the family or the payload
   *     does not fit it, naming the task, seq and type
   */
  public static AuditEvent read(
      String taskId, long seq, String type, int step, String workflowRunId, String payloadJson) {
    ObjectNode wire = JsonNodeFactory.instance.objectNode();
    wire.put("taskId", taskId);
    wire.put("seq", seq);
    wire.put("type", type);
    wire.put("step", step);
    wire.put("workflowRunId", workflowRunId);
    try {
      wire.set("payload", JSON.readTree(payloadJson));
      return JSON.treeToValue(wire, AuditEvent.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "ledger event "
              + taskId
              + "#"
              + seq
              + " of type `"
              + type
              + "` does not read as an audit fact: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
          e);
    }
  }
}
