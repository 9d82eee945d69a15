package dev.charter.client;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.workflow.AgentTaskWorkflow;
import dev.charter.workflow.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What service code does to Charter tasks, typed: start one, read its status, answer its pending
 * approval through the {@code approve}/{@code reject} Update, cancel it, wait for its end.
 *
 * <p>It speaks to the Temporal service only, through the {@link WorkflowClient} the caller built
 * (namespace, TLS, payload codec and interceptors are theirs to choose), so it works against {@code
 * charter dev} and a cluster alike. Authorization happens where it always does: the Update's
 * validator checks the approval token (issued by the REST API, {@code POST
 * /api/tasks/{id}/approval-token}) and the approver through Cedar, and a refusal arrives here as
 * {@link ApprovalRefusedException} before anything enters the task's history.
 *
 * <pre>{@code
 * CharterClient charter = CharterClient.of(WorkflowClient.newInstance(stubs));
 * String taskId = charter.start(request);
 * charter.awaitApproval(taskId, Duration.ofMinutes(1))
 *     .ifPresent(p -> charter.approve(taskId,
 *         new ApprovalRequest(p.approvalId(), "dana.lead", null, "ok", approvalToken)));
 * TaskStatus end = charter.awaitResult(taskId, Duration.ofMinutes(5));
 * }</pre>
 */
public final class CharterClient {

  private static final Duration POLL = Duration.ofMillis(200);

  private final WorkflowClient workflows;
  private final String taskQueue;

  private CharterClient(WorkflowClient workflows, String taskQueue) {
    this.workflows = Objects.requireNonNull(workflows, "workflows");
    if (taskQueue == null || taskQueue.isBlank()) {
      throw new IllegalArgumentException("task queue must not be blank, got `" + taskQueue + "`");
    }
    this.taskQueue = taskQueue;
  }

  /** A client for workers on the default task queue {@value TaskQueues#AGENT_TASKS}. */
  public static CharterClient of(WorkflowClient workflows) {
    return new CharterClient(workflows, TaskQueues.AGENT_TASKS);
  }

  /** A client for workers polling {@code taskQueue}. */
  public static CharterClient of(WorkflowClient workflows, String taskQueue) {
    return new CharterClient(workflows, taskQueue);
  }

  /**
   * Starts a task. The request's task id becomes the workflow id; when it is null, a fresh {@code
   * task-<uuid>} is used.
   *
   * @return the task id
   * @throws TaskAlreadyExistsException when a task with that id exists (running or ended)
   */
  public String start(TaskRequest request) {
    Objects.requireNonNull(request, "request");
    TaskRequest started =
        request.taskId() != null ? request : request.withTaskId("task-" + UUID.randomUUID());
    AgentTaskWorkflow workflow =
        workflows.newWorkflowStub(
            AgentTaskWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(started.taskId())
                .setTaskQueue(taskQueue)
                // A task id names one task forever: its ledger chain is keyed by it.
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(workflow::run, started);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new TaskAlreadyExistsException(started.taskId());
    }
    return started.taskId();
  }

  /**
   * The task's {@code status} query: state, step, pending approval, governed path, budgets used.
   * Works for running and ended tasks.
   *
   * @throws TaskNotFoundException when there is no such task
   */
  public TaskStatus status(String taskId) {
    try {
      return stub(taskId).status();
    } catch (WorkflowNotFoundException e) {
      throw new TaskNotFoundException(taskId);
    }
  }

  /**
   * Grants the pending approval through the {@code approve} Update.
   *
   * @return the workflow's answer
   * @throws ApprovalRefusedException when the validator refused the approver or the approval (not
   *     allowed, stale id, already answered): nothing entered history
   * @throws TaskNotFoundException when there is no such task
   */
  public String approve(String taskId, ApprovalRequest answer) {
    try {
      return stub(taskId).approve(Objects.requireNonNull(answer, "answer"));
    } catch (WorkflowUpdateException e) {
      throw new ApprovalRefusedException(taskId, rootMessage(e), e);
    } catch (WorkflowNotFoundException e) {
      throw new TaskNotFoundException(taskId);
    }
  }

  /**
   * Refuses the pending approval through the {@code reject} Update; the task then compensates what
   * it did and ends REJECTED.
   *
   * @throws ApprovalRefusedException when the validator refused the answer
   * @throws TaskNotFoundException when there is no such task
   */
  public String reject(String taskId, ApprovalRequest answer) {
    try {
      return stub(taskId).reject(Objects.requireNonNull(answer, "answer"));
    } catch (WorkflowUpdateException e) {
      throw new ApprovalRefusedException(taskId, rootMessage(e), e);
    } catch (WorkflowNotFoundException e) {
      throw new TaskNotFoundException(taskId);
    }
  }

  /**
   * Signals {@code cancel}: the task stops at its next turn and compensates what it did.
   *
   * @throws TaskNotFoundException when there is no such running task
   */
  public void cancel(String taskId, String reason) {
    try {
      stub(taskId).cancel(reason);
    } catch (WorkflowNotFoundException e) {
      throw new TaskNotFoundException(taskId);
    }
  }

  /**
   * Waits for the task to end.
   *
   * @return its final status
   * @throws TimeoutException when it has not ended within {@code timeout}
   */
  public TaskStatus awaitResult(String taskId, Duration timeout) throws TimeoutException {
    try {
      return workflows
          .newUntypedWorkflowStub(taskId)
          .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, TaskStatus.class);
    } catch (WorkflowNotFoundException e) {
      throw new TaskNotFoundException(taskId);
    }
  }

  /**
   * Waits, without a limit, for the task to end.
   *
   * @return its final status
   */
  public TaskStatus awaitResult(String taskId) {
    try {
      return workflows.newUntypedWorkflowStub(taskId).getResult(TaskStatus.class);
    } catch (WorkflowNotFoundException e) {
      throw new TaskNotFoundException(taskId);
    }
  }

  /** The task's final status, when it ends. */
  public CompletableFuture<TaskStatus> result(String taskId) {
    return workflows.newUntypedWorkflowStub(taskId).getResultAsync(TaskStatus.class);
  }

  /**
   * Polls the status query until the task waits for a human or ends.
   *
   * @return the approval it waits for, or empty when it ended without asking
   * @throws TimeoutException when neither happened within {@code timeout}
   */
  public Optional<PendingApproval> awaitApproval(String taskId, Duration timeout)
      throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      TaskStatus status = status(taskId);
      if (status.state() == TaskState.WAITING_APPROVAL && status.pendingApproval() != null) {
        return Optional.of(status.pendingApproval());
      }
      if (status.state() != null && status.state().isFinal()) {
        return Optional.empty();
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "task `" + taskId + "` neither asked for approval nor ended within " + timeout);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeoutException("interrupted while waiting for task `" + taskId + "`");
      }
    }
  }

  /** The Temporal client underneath, for what this class does not cover. */
  public WorkflowClient workflowClient() {
    return workflows;
  }

  private AgentTaskWorkflow stub(String taskId) {
    if (taskId == null || taskId.isBlank()) {
      throw new IllegalArgumentException("task id must not be blank, got `" + taskId + "`");
    }
    return workflows.newWorkflowStub(AgentTaskWorkflow.class, taskId);
  }

  /** The validator's own words, without the SDK's wrapping. */
  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return cause.getMessage();
  }
}
