package dev.charter.workflow;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One agent task: the governed loop of DESIGN.md section 3. The workflow id is the task id.
 *
 * <p>Every handler takes and returns plain JSON records so the Temporal CLI can drive a task:
 * {@code temporal workflow update execute --name approve --input '{"approvalId":...}'}.
 */
@WorkflowInterface
public interface AgentTaskWorkflow {

  /** The workflow type name, as the Temporal CLI and Web UI show it. */
  String TYPE = "AgentTask";

  /** Runs the task to its end and returns its final status. */
  @WorkflowMethod(name = TYPE)
  TaskStatus run(TaskRequest request);

  /** Where the task is: step, pending approval, budgets used, governed path so far. */
  @QueryMethod(name = "status")
  TaskStatus status();

  /** Asks the task to stop; side effects done so far are compensated. */
  @SignalMethod(name = "cancel")
  void cancel(String reason);

  /** Grants the pending approval. */
  @UpdateMethod(name = "approve")
  String approve(ApprovalRequest request);

  /** Refuses unauthorized or stale approvals before they enter history. */
  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(ApprovalRequest request);

  /** Refuses the pending approval; the task ends REJECTED after compensation. */
  @UpdateMethod(name = "reject")
  String reject(ApprovalRequest request);

  /** Refuses unauthorized or stale rejections before they enter history. */
  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(ApprovalRequest request);
}
