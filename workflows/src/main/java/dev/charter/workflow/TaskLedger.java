package dev.charter.workflow;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
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
