package dev.charter.starter.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.charter.activities.audit.AuditFacts;
import dev.charter.activities.audit.CanonicalForm;
import dev.charter.activities.audit.LedgerCheckpoints.CheckpointVerification;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.audit.ReceiptVerification;
import dev.charter.activities.audit.TrailVerification;
import dev.charter.contract.AuditFact;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Renders audit trails for people (show, verify) and machines (JSON Lines export). */
public final class AuditReport {

  /** The mapper for audit JSON: ISO-8601 instants, no pretty printing. */
  public static final ObjectMapper JSON =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private AuditReport() {}

  /**
   * One line per event: seq, step, the history event it stems from ({@code hist}), type, when, and
   * the facts an auditor looks for first.
   */
  public static void show(
      PrintWriter out, String taskId, List<LedgerEntry> events, Map<Long, Long> historyEventIds) {
    if (events.isEmpty()) {
      out.printf("task %s: no ledger events%n", taskId);
      return;
    }
    LedgerEntry first = events.get(0);
    out.printf(
        "task %s: %d events, workflow %s, run %s%n",
        taskId,
        events.size(),
        first.workflowId() == null ? taskId : first.workflowId(),
        first.workflowRunId());
    out.printf(
        "  %4s %4s %5s  %-22s %-27s %s%n", "seq", "step", "hist", "type", "recorded", "facts");
    for (LedgerEntry e : events) {
      Long historyEventId = historyEventIds.get(e.seq());
      out.printf(
          "  %4d %4d %5s  %-22s %-27s %s%n",
          e.seq(),
          e.step(),
          historyEventId == null ? "-" : historyEventId.toString(),
          e.type(),
          e.recordedAt(),
          facts(e));
    }
    if (historyEventIds.isEmpty()) {
      out.println("  (hist: Temporal history not available, history event ids not resolved)");
    }
    LedgerEntry last = events.get(events.size() - 1);
    out.printf("  head seq %d hash %s%n", last.seq(), last.hash());
  }

  /** The verification, one line per check, then VERIFIED or BROKEN with the first broken link. */
  public static void verification(PrintWriter out, TrailVerification v) {
    out.printf(
        "task %s: %d events, head %s%n",
        v.taskId(), v.chain().events(), v.chain().headHash() == null ? "-" : v.chain().headHash());
    out.printf(
        "  chain        %s%n",
        v.chain().valid()
            ? "ok      every hash and link recomputed from seq 1"
            : "BROKEN  " + v.chain().problem());
    out.printf(
        "  checkpoints  %s%n",
        v.checkpoints().valid()
            ? v.checkpoints().checkpoints() == 0
                ? "none    no signed checkpoint covers this task yet"
                : "ok      "
                    + v.checkpoints().checkpoints()
                    + " signed checkpoint(s) agree, up to seq "
                    + v.checkpoints().signedSeq()
            : "BROKEN  " + v.checkpoints().problem());
    CheckpointVerification c = v.checkpoints();
    out.printf(
        "  witness      %s%n",
        c.witness() == null
            ? "none    no witness compared (the ledger's own "
                + c.ledgerCheckpoints()
                + " checkpoint(s) only)"
            : c.valid()
                ? "ok      "
                    + c.witnessed()
                    + " witnessed checkpoint(s) in the ledger, byte for byte ("
                    + c.witness()
                    + ")"
                : "checked " + c.witnessed() + " witnessed checkpoint(s) (" + c.witness() + ")");
    ReceiptVerification r = v.receipts();
    if (r != null) {
      out.printf(
          "  receipts     %s%n",
          r.valid()
              ? "ok      "
                  + r.receipts()
                  + " stored receipt(s) of "
                  + r.verdicts()
                  + " verdict(s) sign what the ledger holds"
              : "BROKEN  " + r.problem());
    }
    if (v.history() == null) {
      out.println("  history      skipped (--no-history)");
    } else if (v.history().isEmpty()) {
      out.println("  history      ok      ledger and Temporal history agree both ways");
    } else {
      out.printf("  history      BROKEN  %d disagreement(s):%n", v.history().size());
      v.history().forEach(p -> out.printf("                 - %s%n", p));
    }
    out.println(v.valid() ? "VERIFIED" : "BROKEN: first broken link: " + v.firstBrokenLink());
  }

  /**
   * One JSON object per event and line, the payload as a JSON object; {@code historyEventId} is the
   * history event the event stems from, or null when not resolved.
   */
  public static String jsonLine(LedgerEntry e, Long historyEventId) {
    var node = JSON.createObjectNode();
    node.put("taskId", e.taskId());
    node.put("seq", e.seq());
    node.put("type", e.type());
    node.put("step", e.step());
    node.put("workflowId", e.workflowId());
    node.put("workflowRunId", e.workflowRunId());
    node.put("activityId", e.activityId());
    node.put("historyEventId", historyEventId);
    node.put("traceId", e.traceId());
    node.set("payload", AuditFacts.payload(e.fact()));
    node.put("prevHash", e.prevHash());
    node.put("hash", e.hash());
    node.put("canonicalForm", CanonicalForm.ofColumn(e.canonicalForm()).name());
    node.put("schemaVersion", e.schemaVersion());
    node.put("recordedAt", e.recordedAt().toString());
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e1) {
      throw new IllegalStateException("JSON Lines export: cannot write seq " + e.seq(), e1);
    }
  }

  private static String facts(LedgerEntry e) {
    AuditFact fact;
    try {
      fact = e.fact();
    } catch (IllegalArgumentException unreadable) {
      return e.payloadJson();
    }
    String facts = facts(fact);
    return facts.length() > 140 ? facts.substring(0, 139) + "…" : facts;
  }

  /** The facts an auditor looks for first, per kind of event. */
  static String facts(AuditFact fact) {
    if (fact instanceof AuditFact.TaskPinned p) {
      return "profile="
          + p.profile()
          + " v"
          + p.profileVersion()
          + " tenant="
          + p.tenant()
          + " bundle="
          + abbreviate(String.valueOf(p.bundleHash()))
          + (p.buildCommit() == null ? "" : " build=" + abbreviate(p.buildCommit()));
    }
    if (fact instanceof AuditFact.ObservationPerceived p) {
      return "content="
          + abbreviate(String.valueOf(p.contentSha256()))
          + " labels="
          + JSON.valueToTree(p.labels())
          + " tainted="
          + p.tainted();
    }
    if (fact instanceof AuditFact.ModelRouted p) {
      return "permitted=" + JSON.valueToTree(p.permitted()) + " refused=" + size(p.refused());
    }
    if (fact instanceof AuditFact.ModelDecided p) {
      return "intent="
          + p.intent()
          + " confidence="
          + p.confidence()
          + " backend="
          + (p.provenance() == null ? "" : p.provenance().backend())
          + " proposed="
          + size(p.proposed());
    }
    if (fact instanceof AuditFact.VerdictRecorded p) {
      return p.tool()
          + " "
          + p.target()
          + " "
          + p.outcome()
          + " "
          + JSON.valueToTree(p.determiningPolicies());
    }
    if (fact instanceof AuditFact.ApprovalGranted p) {
      return p.approvalId() + " by " + p.approver() + " as " + p.role();
    }
    if (fact instanceof AuditFact.ApprovalRejected p) {
      return p.approvalId() + " by " + p.approver() + " as " + p.role();
    }
    if (fact instanceof AuditFact.ToolExecuted p) {
      return p.tool() + " " + p.target() + " key=" + p.idempotencyKey();
    }
    if (fact instanceof AuditFact.ToolFailed p) {
      return p.tool() + " " + p.target() + " key=" + p.idempotencyKey() + " error=" + p.error();
    }
    if (fact instanceof AuditFact.CompensationExecuted p) {
      return p.tool()
          + " "
          + p.target()
          + " key="
          + p.idempotencyKey()
          + (p.outcome() != null ? " " + p.outcome() : "")
          + (p.error() != null ? " error=" + p.error() : "");
    }
    if (fact instanceof AuditFact.BudgetExceeded p) {
      return p.budget() + " " + number(p.used()) + "/" + number(p.limit());
    }
    if (fact instanceof AuditFact.TaskEnded p) {
      return p.state() + (p.reason() != null ? ": " + p.reason() : "");
    }
    return AuditFacts.payload(fact).toString();
  }

  private static int size(List<?> list) {
    return list == null ? 0 : list.size();
  }

  /** A budget figure as people write it: {@code 3}, not {@code 3.0}. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
