package dev.charter.workflow;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Budgets;
import dev.charter.contract.Decision;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.Observation;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskContinuation;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskProgress;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolCall;
import dev.charter.workflow.activity.ApprovalGate;
import dev.charter.workflow.activity.AuditActivities;
import dev.charter.workflow.activity.AuthorizationActivities;
import dev.charter.workflow.activity.InferenceActivities;
import dev.charter.workflow.activity.PerceptionActivities;
import dev.charter.workflow.activity.TaskSetupActivities;
import dev.charter.workflow.activity.ToolActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The governed loop: pin, then per step perceive, route, decide, authorize, (approval), act,
 * record. Deterministic: every side effect is an activity, time comes from {@link Workflow}; where
 * a change alters the commands issued, {@link LoopChanges} names it and a golden history proves old
 * tasks still replay.
 */
public class AgentTaskWorkflowImpl implements AgentTaskWorkflow {

  /** How often one call is asked about at most, bundle switches included. */
  static final int MAX_APPROVAL_ASKS = 5;

  private final TaskSetupActivities setup =
      Workflow.newActivityStub(TaskSetupActivities.class, ActivityPlans.SETUP);
  private final AuthorizationActivities authorization =
      Workflow.newLocalActivityStub(AuthorizationActivities.class, ActivityPlans.AUTHORIZATION);
  private final ToolActivities tools =
      Workflow.newActivityStub(ToolActivities.class, ActivityPlans.TOOLS);
  private final TaskLedger ledger =
      new TaskLedger(Workflow.newActivityStub(AuditActivities.class, ActivityPlans.AUDIT));
  private final TaskVisibility visibility = new TaskVisibility();
  private final GovernedStages stages =
      new GovernedStages(
          Workflow.newActivityStub(PerceptionActivities.class, ActivityPlans.PERCEPTION),
          Workflow.newLocalActivityStub(PerceptionActivities.class, ActivityPlans.LOCAL_PERCEPTION),
          authorization,
          Workflow.newActivityStub(InferenceActivities.class, ActivityPlans.INFERENCE),
          tools,
          ledger,
          visibility);
  private final CompensationSaga saga = new CompensationSaga(authorization, tools, ledger);
  private final ApprovalWait approval;

  private String taskId;
  private TaskRequest request;
  private TaskProgress progress = TaskProgress.starting();
  private String cancelReason;

  private final TaskRun run = new TaskRun();

  /**
   * For replay ({@code WorkflowReplayer}, {@code charter replay}): validators never run on replay,
   * and a live update would be refused by this fail-closed gate.
   */
  public AgentTaskWorkflowImpl() {
    this(
        (request, pending) ->
            ApprovalGate.Check.refuse("this worker has no approval gate: approvals are refused"));
  }

  /** A loop whose approval validators check humans with {@code approvalGate}. */
  public AgentTaskWorkflowImpl(ApprovalGate approvalGate) {
    this.approval = new ApprovalWait(approvalGate, ledger, visibility);
  }

  @Override
  public TaskStatus run(TaskRequest taskRequest) {
    taskId = Workflow.getInfo().getWorkflowId();
    String problem = TaskRequest.problem(taskRequest, taskId);
    problem = problem != null ? problem : TaskRun.problem(taskRequest, taskId);
    if (problem != null) {
      throw ApplicationFailure.newNonRetryableFailure(problem, "InvalidTask");
    }
    TaskContinuation continued = taskRequest.continued();
    request = taskRequest.continuing(null);
    approval.bind(
        taskId,
        request.requestedBy(),
        continued == null ? List.of() : continued.usedApprovalTokens());
    stages.bind(taskId, request.inputs());
    ledger.bind(taskId, Workflow.getInfo().getRunId());
    if (continued == null) {
      // Nothing reaches the ledger before the pin succeeds: a bad request leaves no trace.
      progress = progress.pinned(setup.pin(request));
      visibility.pinned(pin(), progress.state());
      ledger.add(0, AuditFact.TaskPinned.of(pin(), request.requestedBy()));
      ledger.flush();
      progress = progress.startedAt(Workflow.currentTimeMillis());
    } else {
      progress = continued.progress();
      ledger.resume(continued);
      visibility.pinned(pin(), progress.state());
    }
    run.startsAt(continued == null ? 1 : continued.run(), step());
    try {
      while (!progress.state().isFinal() && mayTakeAStep() && !run.handOverDue(progress)) {
        if (pin().pinForward() && LoopChanges.on(LoopChanges.PIN_FORWARD)) {
          movePinForward();
        }
        progress = progress.nextStep();
        runStep();
        ledger.flush();
      }
    } catch (CanceledFailure cancelled) {
      // Cancelled through Temporal itself: compensate outside the cancelled scope, then report.
      Workflow.newDetachedCancellationScope(
              () -> {
                end(TaskState.CANCELLED, "cancelled through Temporal", true);
                ledger.flush();
              })
          .run();
      throw cancelled;
    } catch (TemporalFailure failure) {
      // A step failed permanently (retries exhausted or non-retryable): undo what was done.
      end(TaskState.FAILED, Failures.describe(failure), true);
    }
    run.handOverIfDue(request, progress, ledger, approval.usedTokens());
    ledger.flush();
    return status();
  }

  /** Ends the task instead when it was cancelled or a step or wall-clock budget is spent. */
  private boolean mayTakeAStep() {
    if (cancelReason != null) {
      end(TaskState.CANCELLED, "cancelled: " + cancelReason, true);
      return false;
    }
    Budgets budgets = pin().budgets();
    if (step() >= budgets.maxSteps()) {
      return budgetStop("steps", step(), budgets.maxSteps());
    }
    long elapsedSeconds = (Workflow.currentTimeMillis() - progress.startedAtMillis()) / 1000;
    if (elapsedSeconds > budgets.maxWallClockSeconds()) {
      return budgetStop("wallClockSeconds", elapsedSeconds, budgets.maxWallClockSeconds());
    }
    return true;
  }

  private void runStep() {
    Observation observation = stages.perceive(progress);
    RouteDecision route = stages.route(progress, observation);
    if (route.permitted().isEmpty()) {
      progress = progress.recorded(StepRecord.noBackend(step(), route.refusingPolicies()));
      end(
          TaskState.DENIED,
          "no model backend of the route is permitted for this step's data",
          false);
      return;
    }
    Decision decision = stages.decide(progress, route, observation, request.fields());
    progress = progress.decided(decision);
    Budgets budgets = pin().budgets();
    if (progress.tokensUsed() > budgets.maxTokens()) {
      budgetStop("tokens", progress.tokensUsed(), budgets.maxTokens());
    } else if (progress.costUsd() > budgets.maxCostUsd()) {
      budgetStop("costUsd", progress.costUsd(), budgets.maxCostUsd());
    } else if (decision.isFinal()) {
      progress =
          progress
              .recorded(
                  StepRecord.answered(step(), decision.provenance().backend(), decision.intent()))
              .answered(decision.finalAnswer());
      end(TaskState.COMPLETED, null, false);
    } else {
      for (int i = 0; i < decision.toolCalls().size() && !progress.state().isFinal(); i++) {
        governCall(decision, decision.toolCalls().get(i), i, observation);
      }
    }
  }

  /** At a step boundary: the pin follows the active bundle, audited when it moves. */
  private void movePinForward() {
    String active = setup.activeBundle();
    if (active != null && !active.equals(pin().bundleHash())) {
      ledger.add(step(), new AuditFact.TaskPinMoved(pin().bundleHash(), active));
      progress = progress.withPin(pin().withBundleHash(active));
    }
  }

  /** Authorize, maybe wait for humans, act: one proposed tool call. */
  private void governCall(Decision decision, ToolCall call, int callIndex, Observation observed) {
    if (!pin().tools().contains(call.tool())) {
      ledger.add(step(), new AuditFact.ToolRefused(call.tool(), "unknown tool"));
      progress = progress.recorded(StepRecord.call(step(), decision, call, null, null, "failed"));
      throw ApplicationFailure.newNonRetryableFailure(
          "model proposed unknown tool `"
              + call.tool()
              + "`; profile `"
              + pin().profile()
              + "` allows "
              + pin().tools(),
          "UnknownTool");
    }
    // The path shows the verdict that governed the call (REQUIRE_APPROVAL stays once approved).
    PolicyVerdict governing = stages.authorize(progress, call, callIndex, observed, List.of());
    PolicyVerdict verdict = governing;
    String approvedBy = null;
    String approvalId = taskId + "/" + step() + "/" + callIndex;
    GrantedApproval granted = null;
    // Still REQUIRE_APPROVAL after an approval: the bundle changed since it was asked for, so the
    // approval did not count; ask again under the rules now in force (bounded).
    for (int ask = 1;
        verdict.outcome() == Outcome.REQUIRE_APPROVAL
            && (ask == 1 || askAgain(ask, verdict, granted));
        ask++) {
      String askedId = ask == 1 ? approvalId : approvalId + "/" + ask;
      progress = progress.withState(TaskState.WAITING_APPROVAL);
      ApprovalWait.Answer answer =
          approval.await(askedId, call, verdict, pin(), step(), () -> cancelReason);
      if (!answer.granted()) {
        progress =
            progress.recorded(StepRecord.call(step(), decision, call, verdict, null, "rejected"));
        end(answer.end(), answer.why(), true);
        return;
      }
      progress = progress.withState(TaskState.RUNNING);
      List<GrantedApproval> grants = answer.grants();
      granted = grants.get(0);
      approvedBy = String.join(", ", grants.stream().map(GrantedApproval::approver).toList());
      verdict = stages.authorize(progress, call, callIndex, observed, grants);
    }
    if (verdict.outcome() != Outcome.ALLOW) {
      progress =
          progress.recorded(StepRecord.call(step(), decision, call, verdict, approvedBy, "denied"));
      String refused = "`" + call.tool() + "` on " + call.target() + " " + verdict.refusal();
      end(TaskState.DENIED, refused, false);
      return;
    }
    try {
      progress = progress.executed(call, stages.act(progress, call, callIndex, verdict));
    } catch (ActivityFailure failure) {
      progress =
          progress.recorded(
              StepRecord.call(step(), decision, call, governing, approvedBy, "failed"));
      throw failure;
    }
    progress =
        progress.recorded(StepRecord.call(step(), decision, call, governing, approvedBy, "done"));
  }

  /** Whether an approval voided by a bundle switch is asked for again (change approval-rebind). */
  private static boolean askAgain(int ask, PolicyVerdict verdict, GrantedApproval granted) {
    return ask <= MAX_APPROVAL_ASKS
        && granted.bundleHash() != null
        && !granted.bundleHash().equals(verdict.activeBundleHash())
        && LoopChanges.on(LoopChanges.APPROVAL_REBIND);
  }

  @Override
  public TaskStatus status() {
    TaskState state = progress.state();
    return progress.toStatus(
        taskId,
        approval.answeredWhileWaiting(state) ? TaskState.RUNNING : state,
        approval.shown(state),
        ledger.recorded(),
        ledger.head());
  }

  @Override
  public void cancel(String reason) {
    if (cancelReason == null) {
      cancelReason = reason == null || reason.isBlank() ? "no reason given" : reason;
    }
  }

  @Override
  public String approve(ApprovalRequest answer) {
    return approval.approve(answer);
  }

  @Override
  public void validateApprove(ApprovalRequest answer) {
    approval.validate(answer, true);
  }

  @Override
  public String reject(ApprovalRequest answer) {
    return approval.reject(answer);
  }

  @Override
  public void validateReject(ApprovalRequest answer) {
    approval.validate(answer, false);
  }

  /** Records the spent budget and ends the task; false, so the loop takes no further step. */
  private boolean budgetStop(String budget, Number used, Number limit) {
    ledger.add(
        step(), new AuditFact.BudgetExceeded(budget, used.doubleValue(), limit.doubleValue()));
    end(
        TaskState.BUDGET_EXCEEDED,
        "budget `" + budget + "` exhausted: " + used + " of " + limit,
        false);
    return false;
  }

  /**
   * Ends the task, compensating first when asked, and records how it ended: needing attention when
   * a compensation was refused or failed.
   */
  private void end(TaskState finalState, String why, boolean compensate) {
    List<String> notUndone = List.of();
    if (compensate) {
      CompensationSaga.Result undo = saga.run(taskId, step(), pin(), progress.compensations());
      progress = progress.compensated(undo.undone());
      notUndone = undo.notUndone();
    }
    progress =
        notUndone.isEmpty()
            ? progress.ended(finalState, why)
            : progress.ended(
                TaskState.NEEDS_ATTENTION,
                (why == null ? "" : why + "; ")
                    + "needs attention, not undone: "
                    + String.join("; ", notUndone));
    ledger.add(step(), AuditFact.TaskEnded.of(progress));
    visibility.ended(progress.state(), step());
  }

  private TaskPin pin() {
    return progress.pin();
  }

  private int step() {
    return progress.step();
  }
}
