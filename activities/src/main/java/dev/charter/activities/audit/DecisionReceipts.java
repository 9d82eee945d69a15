package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Signed decision receipts: one {@code policy.verdict} event with its chain position and the policy
 * bundle digest, as a JWS (RFC 7515, compact serialization, {@code alg: EdDSA}, RFC 8037). A third
 * party verifies it with the ledger's public key alone (docs/audit.md):
 *
 * <ol>
 *   <li>verify the Ed25519 signature over {@code header "." payload} (base64url parts);
 *   <li>check {@code sha256hex(prevHash + hashedContent) == hash}: the event is the one chained at
 *       {@code seq};
 *   <li>read the event from {@code hashedContent} (canonical JSON) into its record, a {@code
 *       policy.verdict}, and check that {@code taskId}, {@code seq}, {@code outcome} and {@code
 *       bundleHash} of the receipt are the event's.
 * </ol>
 */
public final class DecisionReceipts {

  /** The JWS {@code typ} of decision receipts. */
  public static final String TYP = "charter.decision-receipt+jws";

  private DecisionReceipts() {}

  /**
   * Issues the receipt of the verdict at {@code seq} of a task's recorded chain.
   *
   * @param chain the task's entries in seq order, already verified by the caller
   * @throws IllegalArgumentException if there is no such seq or it is not a verdict, naming the
   *     seqs that are
   */
  public static String issue(
      List<LedgerEntry> chain, String taskId, long seq, LedgerSigningKey key) {
    return issue(verdictAt(chain, taskId, seq), key);
  }

  /**
   * The verdict event at {@code seq} of a task's chain.
   *
   * @throws IllegalArgumentException if there is no such seq or it is not a verdict, naming the
   *     seqs that are
   */
  static LedgerEntry verdictAt(List<LedgerEntry> chain, String taskId, long seq) {
    LedgerEntry entry =
        chain.stream()
            .filter(e -> e.seq() == seq)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "task `"
                            + taskId
                            + "` has no ledger event at seq "
                            + seq
                            + " (it has "
                            + chain.size()
                            + " events)"));
    if (!AuditFact.VerdictRecorded.TYPE.equals(entry.type())) {
      throw new IllegalArgumentException(
          "task `"
              + taskId
              + "` seq "
              + seq
              + " is a `"
              + entry.type()
              + "` event; receipts exist for "
              + AuditFact.VerdictRecorded.TYPE
              + " events: seqs "
              + chain.stream()
                  .filter(e -> AuditFact.VerdictRecorded.TYPE.equals(e.type()))
                  .map(e -> Long.toString(e.seq()))
                  .collect(Collectors.joining(", ", "[", "]")));
    }
    return entry;
  }

  /** Signs the receipt of {@code entry}, a verdict event as recorded. */
  static String issue(LedgerEntry entry, LedgerSigningKey key) {
    AuditFact.VerdictRecorded verdict = (AuditFact.VerdictRecorded) entry.fact();
    String hashedContent = entry.hashedContent();
    ObjectNode receipt = JsonNodeFactory.instance.objectNode();
    receipt.put("iss", "charter");
    receipt.put("receiptVersion", 1);
    receipt.put("taskId", entry.taskId());
    receipt.put("seq", entry.seq());
    receipt.put("type", entry.type());
    receipt.put("outcome", verdict.outcome() == null ? null : verdict.outcome().name());
    receipt.put("bundleHash", verdict.bundleHash());
    verdict.determiningPolicies().forEach(receipt.putArray("determiningPolicies")::add);
    receipt.put("workflowId", entry.workflowId());
    receipt.put("workflowRunId", entry.workflowRunId());
    receipt.put("activityId", entry.activityId());
    receipt.put("recordedAt", entry.recordedAt().toString());
    receipt.put("prevHash", entry.prevHash());
    receipt.put("hash", entry.hash());
    receipt.put("hashedContent", hashedContent);
    return Jws.sign(key, TYP, receipt);
  }

  /**
   * Verifies a receipt as a third party would (signature, chain hash, fields against the event) and
   * returns its payload.
   *
   * @throws IllegalArgumentException naming the first check that fails
   */
  public static JsonNode verify(String receipt, PublicKey publicKey) {
    return check(Jws.verify(receipt, publicKey));
  }

  /**
   * As {@link #verify(String, PublicKey)}, with the trusted key the receipt's {@code kid} names.
   */
  public static JsonNode verify(String receipt, TrustedKeys keys) {
    return check(Jws.verify(receipt, keys));
  }

  private static JsonNode check(JsonNode payload) {
    String hashedContent = payload.path("hashedContent").asText();
    String recomputed = Sha256.hex(payload.path("prevHash").asText() + hashedContent);
    if (!recomputed.equals(payload.path("hash").asText())) {
      throw new IllegalArgumentException(
          "receipt: sha256(prevHash + hashedContent) is "
              + recomputed
              + ", the receipt says "
              + payload.path("hash").asText());
    }
    AuditEvent event = AuditFacts.readHashed(hashedContent);
    if (!(event.payload() instanceof AuditFact.VerdictRecorded verdict)) {
      throw new IllegalArgumentException(
          "receipt: the hashed event is a `"
              + event.type()
              + "` event, not a "
              + AuditFact.VerdictRecorded.TYPE);
    }
    if (!event.taskId().equals(payload.path("taskId").asText())
        || event.seq() != payload.path("seq").asLong(-1)
        || !Objects.equals(
            verdict.outcome() == null ? null : verdict.outcome().name(),
            payload.path("outcome").textValue())
        || !Objects.equals(verdict.bundleHash(), payload.path("bundleHash").textValue())) {
      throw new IllegalArgumentException(
          "receipt: taskId, seq, outcome or bundleHash differ from the hashed event");
    }
    return payload;
  }
}
