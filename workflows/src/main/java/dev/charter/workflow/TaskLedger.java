package dev.charter.workflow;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import dev.charter.contract.TaskContinuation;
import dev.charter.contract.TaskProgress;
import dev.charter.workflow.activity.AuditActivities;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's side of the ledger: buffers a step's facts and appends them in one activity call. The
 * sequence number is assigned here, in workflow code, so a retried append cannot reorder the chain.
 */
final class TaskLedger {

  private final AuditActivities audit;
  private final List<AuditEvent> buffer = new ArrayList<>();
  private String taskId;
  private String runId;
  private long nextSeq = 1;
  private long recorded;
  private String head;

  TaskLedger(AuditActivities audit) {
    this.audit = audit;
  }

  /** The task and run the facts belong to; set once the run starts. */
  void bind(String task, String run) {
    this.taskId = task;
    this.runId = run;
  }

  /** A continued run appends where the last run stopped. */
  void resume(TaskContinuation continuation) {
    nextSeq = continuation.nextSeq();
    recorded = continuation.auditEvents();
    head = continuation.auditHead();
  }

  /** Where the chain stands, for the next run; only at a step boundary (nothing buffered). */
  TaskContinuation position(TaskProgress progress, List<String> usedTokens, int run) {
    if (!buffer.isEmpty()) {
      throw new IllegalStateException("ledger facts not yet appended: flush before continuing");
    }
    return new TaskContinuation(progress, nextSeq, recorded, head, usedTokens, run);
  }

  void add(int step, AuditFact fact) {
    buffer.add(new AuditEvent(taskId, nextSeq++, step, runId, fact));
  }

  /** Appends what is buffered, if anything; the receipt says how far the chain now reaches. */
  void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    AuditReceipt receipt = audit.record(List.copyOf(buffer));
    recorded = receipt.lastSeq();
    head = receipt.headHash();
    buffer.clear();
  }

  /** Events appended so far. */
  long recorded() {
    return recorded;
  }

  /** Hash of the last appended event, null before the first append. */
  String head() {
    return head;
  }
}
