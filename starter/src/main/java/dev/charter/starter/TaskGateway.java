package dev.charter.starter;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.PolicyAdministration.NotAuthorizedException;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.client.ApprovalRefusedException;
import dev.charter.client.CharterClient;
import dev.charter.client.TaskAlreadyExistsException;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.tasks.TaskSummary;
import dev.charter.worker.TemporalProperties;
import io.temporal.client.WorkflowClient;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What callers (REST, CLI, demo) may do to tasks. Input is checked here, before anything starts, so
 * a bad request never leaves a half-started or half-recorded task.
 */
@Component
public class TaskGateway {

  private final CharterClient charter;
  private final ProfileCatalog catalog;
  private final AuditLedger ledger;
  private final HumanAuthorizer humans;

  public TaskGateway(
      WorkflowClient client,
      ProfileCatalog catalog,
      AuditLedger ledger,
      TemporalProperties temporal,
      HumanAuthorizer humans) {
    this.charter = CharterClient.of(client, temporal.taskQueue());
    this.catalog = catalog;
    this.ledger = ledger;
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
   * An approval over REST answers as the authenticated caller only: the body's {@code approver},
   * when given, must be the caller; when absent it is the caller. Whether they may approve is then
   * decided by the Update's validator, through Cedar.
   *
   * @return the request with the caller as approver
   * @throws NotAuthorizedException when the body names someone else
   */
  public ApprovalRequest asCaller(String caller, ApprovalRequest request) {
    if (request == null) {
      throw new IllegalArgumentException(
          "body must be {\"approvalId\": ..., \"role\": ..., \"reason\": ...}");
    }
    if (request.approver() != null
        && !request.approver().isBlank()
        && !request.approver().equals(caller)) {
      throw new NotAuthorizedException(
          true,
          "caller `"
              + caller
              + "` may answer only as themselves, not as `"
              + request.approver()
              + "`");
    }
    return new ApprovalRequest(request.approvalId(), caller, request.role(), request.reason());
  }

  /**
   * Keeps the tasks the caller may view (Cedar {@code view_task} on each task in its tenant): a
   * list never shows a task its reader could not open.
   */
  public List<TaskSummary> visibleTo(String caller, List<TaskSummary> tasks) {
    return tasks.stream()
        .filter(t -> humans.decide(caller, "view_task", t.taskId(), t.tenant()).allowed())
        .toList();
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
   * @throws TaskAlreadyExistsException when a task with that id exists
   */
  public TaskRequest start(TaskRequest request) {
    List<String> problems = catalog.problems(request);
    if (!problems.isEmpty()) {
      throw new TaskRejectedException(problems);
    }
    return request.withTaskId(charter.start(request));
  }

  /** The task's status (works for running and ended tasks). */
  public TaskStatus status(String taskId) {
    return charter.status(taskId);
  }

  /** Waits for the task to end and returns its final status. */
  public TaskStatus result(String taskId) {
    return charter.awaitResult(taskId);
  }

  /**
   * Grants the pending approval.
   *
   * @throws ApprovalRefusedException when the update validator refused the human or the approval
   */
  public String approve(String taskId, ApprovalRequest request) {
    return charter.approve(taskId, request);
  }

  /** Refuses the pending approval. */
  public String reject(String taskId, ApprovalRequest request) {
    return charter.reject(taskId, request);
  }

  /** Asks the task to stop. */
  public void cancel(String taskId, String reason) {
    charter.cancel(taskId, reason);
  }

  /** The typed client this gateway drives tasks with. */
  public CharterClient client() {
    return charter;
  }

  /** The task's ledger. */
  public AuditLedger ledger() {
    return ledger;
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
}
