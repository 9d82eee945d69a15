package dev.charter.starter;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.authorization.ApprovalTokenIssuer;
import dev.charter.activities.authorization.HumanAuthorizer;
import dev.charter.activities.authorization.HumanDirectory;
import dev.charter.activities.authorization.PolicyAdministration.NotAuthorizedException;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.client.ApprovalRefusedException;
import dev.charter.client.CharterClient;
import dev.charter.client.TaskAlreadyExistsException;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.ApprovalToken;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.tasks.TaskSummary;
import dev.charter.worker.TemporalProperties;
import dev.charter.workflow.activity.ApprovalGate;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final HumanDirectory directory;
  private final ApprovalTokenIssuer approvalTokens;
  private final ApprovalGate approvalGate;

  public TaskGateway(
      WorkflowClient client,
      ProfileCatalog catalog,
      AuditLedger ledger,
      TemporalProperties temporal,
      HumanAuthorizer humans,
      HumanDirectory directory,
      LedgerSigningKey signingKey,
      ApprovalGate approvalGate) {
    this.charter = CharterClient.of(client, temporal.taskQueue());
    this.catalog = catalog;
    this.ledger = ledger;
    this.humans = humans;
    this.directory = directory;
    this.approvalTokens = new ApprovalTokenIssuer(signingKey);
    this.approvalGate = approvalGate;
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
    // the authenticated caller is the requester: they may not approve the task's calls (four eyes)
    return start(
        new TaskRequest(
            request.taskId(),
            request.profile(),
            request.goal(),
            request.inputs(),
            caller,
            request.tenant(),
            request.riskTier()));
  }

  /**
   * An approval token for the authenticated caller: a compact JWS signed with this worker's key,
   * bound to the task's pending approval (its id, argument hash and asking bundle), the caller as
   * subject with the roles the directory gives them, valid five minutes, with a unique id. It
   * proves who answers; whether they may is decided by the Update's validator, through Cedar.
   *
   * @param approvalId the approval the caller means to answer; the pending one when null
   * @return the token's approval id, the token and when it expires (epoch seconds)
   * @throws ApprovalTokenRefusedException when the task waits for no approval or another one
   */
  public Map<String, Object> approvalToken(String caller, String taskId, String approvalId) {
    PendingApproval pending = charter.status(taskId).pendingApproval();
    if (pending == null) {
      throw new ApprovalTokenRefusedException(
          "task `" + taskId + "` waits for no approval: no approval token to issue");
    }
    if (approvalId != null && !approvalId.isBlank() && !approvalId.equals(pending.approvalId())) {
      throw new ApprovalTokenRefusedException(
          "stale approval `"
              + approvalId
              + "`: task `"
              + taskId
              + "` waits for `"
              + pending.approvalId()
              + "`");
    }
    List<String> roles = directory.find(caller).map(HumanDirectory.Human::roles).orElse(List.of());
    String token = approvalTokens.issue(caller, roles, pending);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("approvalId", pending.approvalId());
    body.put("token", token);
    body.put("expiresAt", ApprovalToken.decode(token).expiresAt());
    return body;
  }

  /**
   * An approval over REST answers as the authenticated caller only: the body's {@code approver},
   * when given, must be the caller; when absent it is the caller. A body without a {@code token}
   * gets one issued to the caller ({@link #approvalToken}). Whether they may approve is then
   * decided by the Update's validator, through Cedar.
   *
   * @return the request with the caller as approver and a token
   * @throws NotAuthorizedException when the body names someone else
   */
  public ApprovalRequest asCaller(String caller, String taskId, ApprovalRequest request) {
    ApprovalRequest answer = asCaller(caller, request);
    if (answer.token() != null && !answer.token().isBlank()) {
      return answer;
    }
    return answer.withToken(
        (String) approvalToken(caller, taskId, answer.approvalId()).get("token"));
  }

  private ApprovalRequest asCaller(String caller, ApprovalRequest request) {
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
    return new ApprovalRequest(
        request.approvalId(), caller, request.role(), request.reason(), request.token());
  }

  /**
   * Whether {@code caller} could answer the task's pending approval now ({@link ApprovalStanding}):
   * Cedar {@code answer_approval} on the task, not its requester, then the approval gate (the one
   * the Update's validator asks) in each role still missing.
   *
   * @param requestedBy who asked for the task, or null when not known
   */
  public ApprovalStanding approvalStanding(String caller, String taskId, String requestedBy) {
    PendingApproval pending = charter.status(taskId).pendingApproval();
    if (pending == null) {
      return ApprovalStanding.mayNot(caller, null, "task `" + taskId + "` waits for no approval");
    }
    String approvalId = pending.approvalId();
    HumanAuthorizer.Answer route =
        humans.decide(caller, "answer_approval", taskId, pending.tenant());
    if (!route.allowed()) {
      return ApprovalStanding.mayNot(caller, approvalId, route.reason());
    }
    if (caller.equals(requestedBy)) {
      return ApprovalStanding.mayNot(
          caller,
          approvalId,
          "`" + caller + "` asked for task `" + taskId + "` and may not answer its approvals");
    }
    List<String> candidates =
        pending.missingRoles().isEmpty() ? pending.requiredRoles() : pending.missingRoles();
    String refused = "approval `" + approvalId + "` names no role";
    for (String role : candidates) {
      ApprovalGate.Check check =
          approvalGate.authorize(new ApprovalRequest(approvalId, caller, role, null), pending);
      if (check.allowed()) {
        return ApprovalStanding.may(caller, approvalId, role);
      }
      refused = check.reason();
    }
    return ApprovalStanding.mayNot(caller, approvalId, refused);
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
    return charter.approve(taskId, withToken(taskId, request));
  }

  /** Refuses the pending approval. */
  public String reject(String taskId, ApprovalRequest request) {
    return charter.reject(taskId, withToken(taskId, request));
  }

  /**
   * In-process callers (the demo, REST after {@link #asCaller}) speak for the human the answer
   * names: without a token, one is issued to that human here, with this process's key. Clients
   * outside the process (gRPC, the Temporal CLI) must bring their own.
   */
  private ApprovalRequest withToken(String taskId, ApprovalRequest request) {
    if (request == null
        || (request.token() != null && !request.token().isBlank())
        || request.approver() == null
        || request.approver().isBlank()) {
      return request;
    }
    return request.withToken(
        (String) approvalToken(request.approver(), taskId, request.approvalId()).get("token"));
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
