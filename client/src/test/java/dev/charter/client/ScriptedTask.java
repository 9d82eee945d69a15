package dev.charter.client;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.workflow.AgentTaskWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * A stand-in task on the real Temporal test server: it asks one approval of a support lead (any
 * {@code *.lead} approver of its own approval id), then ends COMPLETED, REJECTED or CANCELLED. It
 * lets the client be tested without the worker's activities; the governed loop itself is tested in
 * the workflows module and the starter's ITs.
 */
public class ScriptedTask implements AgentTaskWorkflow {

  private String taskId;
  private TaskState state = TaskState.STARTING;
  private PendingApproval pending;
  private ApprovalRequest answer;
  private boolean rejected;
  private String cancelReason;

  @Override
  public TaskStatus run(TaskRequest request) {
    taskId = request.taskId();
    state = TaskState.WAITING_APPROVAL;
    pending =
        new PendingApproval(taskId + "/1/0", "acme", null, "00", List.of("support_lead"), null);
    Workflow.await(() -> answer != null || cancelReason != null);
    pending = null;
    state =
        cancelReason != null
            ? TaskState.CANCELLED
            : rejected ? TaskState.REJECTED : TaskState.COMPLETED;
    return status();
  }

  @Override
  public TaskStatus status() {
    String reason =
        cancelReason != null
            ? "cancelled: " + cancelReason
            : answer == null
                ? null
                : (rejected ? "rejected" : "approved") + " by " + answer.approver();
    return new TaskStatus(
        taskId,
        state,
        1,
        null,
        pending,
        List.of(),
        1,
        0,
        0.0,
        List.of(),
        List.of(),
        state == TaskState.COMPLETED ? "refunded" : null,
        reason,
        0,
        null);
  }

  @Override
  public void cancel(String reason) {
    cancelReason = reason == null ? "" : reason;
  }

  @Override
  public String approve(ApprovalRequest request) {
    answer = request;
    pending = null;
    return "approved";
  }

  @Override
  public void validateApprove(ApprovalRequest request) {
    if (pending == null || !pending.approvalId().equals(request.approvalId())) {
      throw new IllegalStateException("approval `" + request.approvalId() + "` is not pending");
    }
    if (request.token() == null || request.token().isBlank()) {
      // as Charter's validator: an answer without an approval token names no proven human
      throw new IllegalArgumentException(
          "approval `" + request.approvalId() + "` needs an approval token");
    }
    if (request.approver() == null || !request.approver().endsWith(".lead")) {
      throw new IllegalArgumentException(
          "`" + request.approver() + "` may not approve `" + request.approvalId() + "`");
    }
  }

  @Override
  public String reject(ApprovalRequest request) {
    rejected = true;
    return approve(request);
  }

  @Override
  public void validateReject(ApprovalRequest request) {
    validateApprove(request);
  }
}
