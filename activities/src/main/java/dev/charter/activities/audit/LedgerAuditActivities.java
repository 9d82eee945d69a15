package dev.charter.activities.audit;

import dev.charter.activities.privacy.PiiScanner;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import dev.charter.workflow.activity.AuditActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link AuditActivities} on the {@link AuditLedger}. A conflicting or malformed append is
 * permanent and fails non-retryably; database errors ({@link LedgerStorageException}) propagate so
 * Temporal retries them, which is safe because appends are idempotent on (task, seq).
 *
 * <p>Each event is stamped with its {@link LedgerOrigin}: the workflow id and the activity id of
 * this activity from {@link ActivityInfo} (the same on every retry, so a retry hashes the same),
 * and the current trace id when a trace id source is wired.
 *
 * <p>A tool's output is recorded with the personal data and secrets {@link PiiScanner} finds in it
 * replaced by their kind ({@code <secret>}): tools relay what outsiders wrote (an order's item
 * text), and the ledger keeps facts, not copies of the data. The redaction is deterministic, so a
 * retried append hashes the same.
 */
public final class LedgerAuditActivities implements AuditActivities {

  /** Failure type when a recorded event differs from the one appended for the same seq. */
  public static final String LEDGER_CONFLICT = "LedgerConflict";

  /** Failure type when the batch itself is invalid (mixed tasks, gap, bad field). */
  public static final String INVALID_APPEND = "LedgerInvalidAppend";

  private static final PiiScanner SCANNER = PiiScanner.standard();

  private final AuditLedger ledger;
  private final Supplier<String> traceIds;

  /** Creates the activities over {@code ledger}, recording no trace ids. */
  public LedgerAuditActivities(AuditLedger ledger) {
    this(ledger, () -> null);
  }

  /**
   * Creates the activities over {@code ledger}; {@code traceIds} returns the trace id of the
   * current activity execution, or null when tracing is off.
   */
  public LedgerAuditActivities(AuditLedger ledger, Supplier<String> traceIds) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.traceIds = Objects.requireNonNull(traceIds, "traceIds");
  }

  @Override
  public AuditReceipt record(List<AuditEvent> events) {
    try {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      LedgerOrigin origin =
          new LedgerOrigin(info.getWorkflowId(), info.getActivityId(), traceIds.get());
      return ledger.append(events.stream().map(LedgerAuditActivities::redacted).toList(), origin);
    } catch (LedgerConflictException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), LEDGER_CONFLICT);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), INVALID_APPEND);
    }
  }

  /** {@code event} with a tool output's PII and secrets replaced by their kind. */
  static AuditEvent redacted(AuditEvent event) {
    if (!(event.payload() instanceof AuditFact.ToolExecuted tool) || tool.output() == null) {
      return event;
    }
    Map<String, String> output = new LinkedHashMap<>();
    tool.output().forEach((k, v) -> output.put(k, v == null ? null : SCANNER.redact(v)));
    return new AuditEvent(
        event.taskId(),
        event.seq(),
        event.step(),
        event.workflowRunId(),
        new AuditFact.ToolExecuted(
            tool.tool(),
            tool.target(),
            tool.argumentsSha256(),
            tool.idempotencyKey(),
            tool.replayed(),
            output,
            tool.compensable()));
  }
}
