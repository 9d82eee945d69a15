package dev.charter.starter.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.charter.activities.audit.CanonicalJson;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.audit.TrailVerification;
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
    node.set("payload", CanonicalJson.parse(e.payloadJson()));
    node.put("prevHash", e.prevHash());
    node.put("hash", e.hash());
    node.put("recordedAt", e.recordedAt().toString());
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e1) {
      throw new IllegalStateException("JSON Lines export: cannot write seq " + e.seq(), e1);
    }
  }

  private static String facts(LedgerEntry e) {
    JsonNode p = CanonicalJson.parse(e.payloadJson());
    String facts =
        switch (e.type()) {
          case "task.pinned" ->
              "profile="
                  + p.path("profile").asText()
                  + " v"
                  + p.path("profileVersion").asText()
                  + " tenant="
                  + p.path("tenant").asText()
                  + " bundle="
                  + abbreviate(p.path("bundleHash").asText());
          case "observation.perceived" ->
              "content="
                  + abbreviate(p.path("contentSha256").asText())
                  + " labels="
                  + p.path("labels")
                  + " tainted="
                  + p.path("tainted").asText();
          case "model.routed" ->
              "permitted=" + p.path("permitted") + " refused=" + p.path("refused").size();
          case "model.decided" ->
              "intent="
                  + p.path("intent").asText()
                  + " confidence="
                  + p.path("confidence").asText()
                  + " backend="
                  + p.path("provenance").path("backend").asText()
                  + " proposed="
                  + p.path("proposed").size();
          case "policy.verdict" ->
              p.path("tool").asText()
                  + " "
                  + p.path("target").asText()
                  + " "
                  + p.path("outcome").asText()
                  + " "
                  + p.path("determiningPolicies");
          case "approval.granted", "approval.rejected" ->
              p.path("approvalId").asText()
                  + " by "
                  + p.path("approver").asText()
                  + " as "
                  + p.path("role").asText();
          case "tool.executed", "tool.failed", "compensation.executed" ->
              p.path("tool").asText()
                  + " "
                  + p.path("target").asText()
                  + " key="
                  + p.path("idempotencyKey").asText()
                  + (p.has("outcome") ? " " + p.path("outcome").asText() : "")
                  + (p.has("error") ? " error=" + p.path("error").asText() : "");
          case "budget.exceeded" ->
              p.path("budget").asText()
                  + " "
                  + p.path("used").asText()
                  + "/"
                  + p.path("limit").asText();
          case "task.ended" ->
              p.path("state").asText() + (p.has("reason") ? ": " + p.path("reason").asText() : "");
          default -> e.payloadJson();
        };
    return facts.length() > 140 ? facts.substring(0, 139) + "…" : facts;
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }
}
