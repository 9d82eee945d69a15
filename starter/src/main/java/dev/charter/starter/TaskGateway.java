package dev.charter.starter;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.PolicyAdministration.NotAuthorizedException;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import dev.charter.worker.CharterProperties;
import dev.charter.workflow.AgentTaskWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What callers (REST, CLI, demo) may do to tasks. Input is checked here, before anything starts, so
 * a bad request never leaves a half-started or half-recorded task.
 */
@Component
public class TaskGateway {

  private final WorkflowClient client;
  private final ProfileCatalog catalog;
  private final AuditLedger ledger;
  private final String taskQueue;
  private final HumanAuthorizer humans;

  public TaskGateway(
      WorkflowClient client,
      ProfileCatalog catalog,
      AuditLedger ledger,
      CharterProperties properties,
      HumanAuthorizer humans) {
    this.client = client;
    this.catalog = catalog;
    this.ledger = ledger;
    this.taskQueue = properties.temporal().taskQueue();
    this.humans = humans;
  }

  /**
   * Starts a task for a human caller: the request is checked first (400 naming every bad value),
   * then Cedar {@code start_task} for the caller on a task of the profile's tenant.
   *
   * @throws NotAuthorizedException when the caller is unknown or not allowed
   */
  public TaskRequest startAs(String caller, TaskRequest request) {
    List<String> problems = catalog.problems(request);
    if (!problems.isEmpty()) {
      throw new TaskRejectedException(problems);
    }
    String taskId = request.taskId() == null ? "new" : request.taskId();
    authorize(caller, "start_task", taskId, catalog.profile(request.profile()).tenant());
    return start(request);
  }

  /**
   * Checks Cedar {@code view_audit} for the caller on the task (its tenant comes from its pin).
   *
   * @throws NotAuthorizedException when the caller is unknown or not allowed
   */
  public void authorizeAuditView(String caller, String taskId) {
    TaskStatus status = status(taskId);
    String tenant = status.pin() == null ? null : status.pin().tenant();
    authorize(caller, "view_audit", taskId, tenant);
  }

  /**
   * An approval over REST answers as the caller only: the body's {@code approver} must be the
   * caller. Whether they may approve is then decided by the Update's validator, through Cedar.
   */
  public void checkApprover(String caller, ApprovalRequest request) {
    if (!humans.knows(caller)) {
      throw new NotAuthorizedException(
          false,
          caller == null || caller.isBlank()
              ? "no caller identified: send the X-Charter-User header with your human id"
              : "unknown human `" + caller + "`");
    }
    if (request == null || !caller.equals(request.approver())) {
      throw new NotAuthorizedException(
          true,
          "caller `"
              + caller
              + "` may answer only as themselves, not as `"
              + (request == null ? null : request.approver())
              + "`");
    }
  }

  private void authorize(String caller, String action, String taskId, String tenant) {
    HumanAuthorizer.Answer answer = humans.decide(caller, action, taskId, tenant);
    if (!answer.allowed()) {
      throw new NotAuthorizedException(answer.identified(), answer.reason());
    }
  }

  /**
   * Starts a task.
   *
   * @return the request as started (with its task id)
   * @throws TaskRejectedException listing every problem with the request
   * @throws TaskConflictException when a task with that id exists
   */
  public TaskRequest start(TaskRequest request) {
    List<String> problems = catalog.problems(request);
    if (!problems.isEmpty()) {
      throw new TaskRejectedException(problems);
    }
    TaskRequest started =
        request.taskId() != null ? request : request.withTaskId("task-" + UUID.randomUUID());
    AgentTaskWorkflow workflow =
        client.newWorkflowStub(
            AgentTaskWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(started.taskId())
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(workflow::run, started);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new TaskConflictException("task `" + started.taskId() + "` already exists");
    }
    return started;
  }

  /** The task's status (works for running and ended tasks). */
  public TaskStatus status(String taskId) {
    return stub(taskId).status();
  }

  /** Waits for the task to end and returns its final status. */
  public TaskStatus result(String taskId) {
    return client.newUntypedWorkflowStub(taskId).getResult(TaskStatus.class);
  }

  /**
   * Grants the pending approval.
   *
   * @throws ApprovalRefusedException when the update validator refused the human or the approval
   */
  public String approve(String taskId, ApprovalRequest request) {
    try {
      return stub(taskId).approve(request);
    } catch (WorkflowUpdateException e) {
      throw new ApprovalRefusedException(rootMessage(e));
    }
  }

  /** Refuses the pending approval. */
  public String reject(String taskId, ApprovalRequest request) {
    try {
      return stub(taskId).reject(request);
    } catch (WorkflowUpdateException e) {
      throw new ApprovalRefusedException(rootMessage(e));
    }
  }

  /** Asks the task to stop. */
  public void cancel(String taskId, String reason) {
    stub(taskId).cancel(reason);
  }

  /** The task's ledger. */
  public AuditLedger ledger() {
    return ledger;
  }

  private AgentTaskWorkflow stub(String taskId) {
    return client.newWorkflowStub(AgentTaskWorkflow.class, taskId);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (cause instanceof io.temporal.failure.ApplicationFailure app) {
      message = app.getOriginalMessage();
    }
    return message;
  }

  /** The request is invalid; nothing was started. */
  public static final class TaskRejectedException extends RuntimeException {
    private final List<String> problems;

    TaskRejectedException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** A task with that id exists. */
  public static final class TaskConflictException extends RuntimeException {
    TaskConflictException(String message) {
      super(message);
    }
  }

  /** The approval validator refused the answer; it never entered history. */
  public static final class ApprovalRefusedException extends RuntimeException {
    ApprovalRefusedException(String message) {
      super(message);
    }
  }
}
