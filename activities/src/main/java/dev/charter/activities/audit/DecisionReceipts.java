package dev.charter.activities.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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

  private static final ObjectMapper JSON = JsonMapper.builder().build();

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
    DecisionReceipt receipt =
        new DecisionReceipt(
            "charter",
            1,
            entry.taskId(),
            entry.seq(),
            entry.type(),
            verdict.outcome(),
            verdict.bundleHash(),
            verdict.determiningPolicies(),
            entry.workflowId(),
            entry.workflowRunId(),
            entry.activityId(),
            entry.recordedAt().toString(),
            entry.prevHash(),
            entry.hash(),
            hashedContent);
    return Jws.sign(key, TYP, JSON.valueToTree(receipt));
  }

  /**
   * Verifies a receipt as a third party would (signature, chain hash, fields against the event) and
   * returns what it signs.
   *
   * @throws IllegalArgumentException naming the first check that fails
   */
  public static DecisionReceipt verify(String receipt, PublicKey publicKey) {
    return check(Jws.verify(receipt, publicKey));
  }

  /**
   * As {@link #verify(String, PublicKey)}, with the trusted key the receipt's {@code kid} names.
   */
  public static DecisionReceipt verify(String receipt, TrustedKeys keys) {
    return check(Jws.verify(receipt, keys));
  }

  private static DecisionReceipt check(JsonNode signed) {
    DecisionReceipt receipt;
    try {
      receipt = JSON.treeToValue(signed, DecisionReceipt.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "receipt: the payload is not a decision receipt: " + e.getMessage(), e);
    }
    String recomputed = Sha256.hex(receipt.prevHash() + receipt.hashedContent());
    if (!recomputed.equals(receipt.hash())) {
      throw new IllegalArgumentException(
          "receipt: sha256(prevHash + hashedContent) is "
              + recomputed
              + ", the receipt says "
              + receipt.hash());
    }
    AuditEvent event = AuditFacts.readHashed(receipt.hashedContent());
    if (!(event.payload() instanceof AuditFact.VerdictRecorded verdict)) {
      throw new IllegalArgumentException(
          "receipt: the hashed event is a `"
              + event.type()
              + "` event, not a "
              + AuditFact.VerdictRecorded.TYPE);
    }
    if (!event.taskId().equals(receipt.taskId())
        || event.seq() != receipt.seq()
        || verdict.outcome() != receipt.outcome()
        || !Objects.equals(verdict.bundleHash(), receipt.bundleHash())) {
      throw new IllegalArgumentException(
          "receipt: taskId, seq, outcome or bundleHash differ from the hashed event");
    }
    return receipt;
  }
}
