package dev.charter.workflow;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.ApprovalToken;
import dev.charter.contract.ArgumentSources;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import dev.charter.contract.Compensation;
import dev.charter.contract.CompensationAuthorizationRequest;
import dev.charter.contract.Decision;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.Outcome;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The governed loop: pin, then per step perceive, route, infer, authorize, (approval), act, record.
 * Deterministic: every side effect is an activity, time comes from {@link Workflow}.
 *
 * <p>Changes that alter the commands this code issues go behind {@link Workflow#getVersion} with a
 * new change id; the golden histories under test resources prove old tasks still replay.
 */
public class AgentTaskWorkflowImpl implements AgentTaskWorkflow {

  /** First version of the loop; bump with a new change id, never edit old branches. */
  static final String LOOP_CHANGE_ID = "governed-loop";

  static final int LOOP_VERSION = 1;

  /** Upserts {@link TaskSearchAttributes} (pin, backends, pending approval); absent before. */
  static final String SEARCH_ATTRIBUTES_CHANGE_ID = "search-attributes";

  static final int SEARCH_ATTRIBUTES_VERSION = 1;

  /**
   * Asks again for an approval that a bundle switch made void (version 1); older tasks end denied
   * instead.
   */
  static final String APPROVAL_REBIND_CHANGE_ID = "approval-rebind";

  /** Profiles with {@code pin-forward} move the bundle pin at step boundaries (version 1). */
  static final String PIN_FORWARD_CHANGE_ID = "pin-forward";

  /**
   * From version 1 a decision whose intent differs from the task's first decided intent is recorded
   * as a {@code model.intent_changed} event, not followed silently.
   */
  static final String INTENT_CHANGE_ID = "intent-change-recorded";

  /**
   * From version 1 each compensation is put to Cedar before it runs (authorized, audited and given
   * a permit like a tool); one that policy refuses, or that fails, is not skipped silently: the
   * task ends {@code NEEDS_ATTENTION} listing it. Older tasks compensate unasked, as they always
   * did.
   */
  static final String COMPENSATION_AUTHORIZED_CHANGE_ID = "compensation-authorized";

  /**
   * From version 1 an approval answer must carry a signed approval token ({@link ApprovalToken})
   * bound to the approval, the argument hash and the bundle that asked; each token is accepted
   * once; an approval needing several roles waits for all of them, each from a distinct human who
   * is not the task's requester. Older tasks take the approver's name as before.
   */
  static final String APPROVAL_TOKEN_CHANGE_ID = "approval-token";

  /**
   * From version 1 the task's state is the search attribute {@link TaskSearchAttributes#STATE}
   * (RUNNING, WAITING_APPROVAL, then the end state) and its current details (Web UI) say how it
   * ended; older tasks show neither.
   */
  static final String STATE_SEARCH_ATTRIBUTE_CHANGE_ID = "state-search-attribute";

  /** The {@code callIndex} a compensation's verdict is recorded under: it is no proposed call. */
  static final int COMPENSATION_CALL_INDEX = -1;

  /** How often one call is asked about at most, bundle switches included. */
  static final int MAX_APPROVAL_ASKS = 5;

  private static final Logger log = Workflow.getLogger(AgentTaskWorkflowImpl.class);

  private final ApprovalGate approvalGate;

  private final TaskSetupActivities setup =
      Workflow.newActivityStub(TaskSetupActivities.class, ActivityPlans.SETUP);
  private final PerceptionActivities perception =
      Workflow.newActivityStub(PerceptionActivities.class, ActivityPlans.PERCEPTION);
  private final AuthorizationActivities authorization =
      Workflow.newLocalActivityStub(AuthorizationActivities.class, ActivityPlans.AUTHORIZATION);
  private final InferenceActivities inference =
      Workflow.newActivityStub(InferenceActivities.class, ActivityPlans.INFERENCE);
  private final ToolActivities tools =
      Workflow.newActivityStub(ToolActivities.class, ActivityPlans.TOOLS);
  private final AuditActivities audit =
      Workflow.newActivityStub(AuditActivities.class, ActivityPlans.AUDIT);

  private String taskId;
  private List<TaskInput> inputs = List.of();
  private String runId;
  private TaskPin pin;
  private TaskState state = TaskState.STARTING;
  private int step;
  private long tokensUsed;
  private double costUsd;
  private String finalAnswer;
  private String reason;
  private PendingApproval pendingApproval;
  private ApprovalRequest approvalAnswer;
  private boolean approvalGranted;

  /** Who asked for the task: they may not approve its calls (four eyes). */
  private String requestedBy;

  /** Whether the pending approval takes signed tokens (change id approval-token). */
  private boolean approvalTokens;

  /** The ids of every approval token accepted so far: a token is accepted once. */
  private final Set<String> usedTokenIds = new LinkedHashSet<>();

  /** The proven approvals of the pending approval so far, one per role, in history order. */
  private final List<ApprovalRequest> collected = new ArrayList<>();

  private String cancelReason;

  /** The intent of the task's first decision: what a later decision is compared with. */
  private String taskIntent;

  private boolean upsertSearchAttributes;
  private boolean upsertState;

  private final List<StepRecord> path = new ArrayList<>();
  private final Set<String> backends = new LinkedHashSet<>();
  private final List<String> compensationsRun = new ArrayList<>();
  private final Deque<Compensation> compensations = new ArrayDeque<>();
  private final List<ToolResult> toolResults = new ArrayList<>();
  private final List<String> toolsDone = new ArrayList<>();

  private final Ledger ledger = new Ledger();

  /**
   * For replay ({@code WorkflowReplayer}, {@code charter replay}): validators never run on replay,
   * and a live update would be refused by this fail-closed gate.
   */
  public AgentTaskWorkflowImpl() {
    this(
        (request, pending) ->
            ApprovalGate.Check.refuse("this worker has no approval gate: approvals are refused"));
  }

  /**
   * @param approvalGate checks humans inside the approval validators
   */
  public AgentTaskWorkflowImpl(ApprovalGate approvalGate) {
    this.approvalGate = approvalGate;
  }

  @Override
  public TaskStatus run(TaskRequest request) {
    Workflow.getVersion(LOOP_CHANGE_ID, Workflow.DEFAULT_VERSION, LOOP_VERSION);
    taskId = Workflow.getInfo().getWorkflowId();
    runId = Workflow.getInfo().getRunId();
    if (request == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task `" + taskId + "`: the workflow input is empty; send a TaskRequest JSON object",
          "InvalidTask");
    }
    if (request.taskId() != null && !request.taskId().equals(taskId)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task input: `taskId` is `"
              + request.taskId()
              + "` but the workflow id is `"
              + taskId
              + "`; they must be equal",
          "InvalidTask");
    }
    requestedBy = request.requestedBy();
    // Nothing reaches the ledger before the pin succeeds: a bad request leaves no half-recorded
    // task.
    pin = setup.pin(request);
    inputs = request.inputs();
    state = TaskState.RUNNING;
    upsertSearchAttributes =
        Workflow.getVersion(
                SEARCH_ATTRIBUTES_CHANGE_ID, Workflow.DEFAULT_VERSION, SEARCH_ATTRIBUTES_VERSION)
            >= SEARCH_ATTRIBUTES_VERSION;
    if (upsertSearchAttributes) {
      Workflow.upsertTypedSearchAttributes(
          TaskSearchAttributes.RISK_TIER.valueSet(nonNull(pin.riskTier())),
          TaskSearchAttributes.BUNDLE_ID.valueSet(nonNull(pin.bundleHash())),
          TaskSearchAttributes.TENANT.valueSet(nonNull(pin.tenant())),
          TaskSearchAttributes.PENDING_APPROVAL.valueSet(false));
    }
    upsertState =
        Workflow.getVersion(STATE_SEARCH_ATTRIBUTE_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (upsertState) {
      Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.STATE.valueSet(state.name()));
      Workflow.setCurrentDetails(state.name() + " (" + pin.profile() + ", " + pin.tenant() + ")");
    }
    ledger.add(0, AuditFact.TaskPinned.of(pin, request.requestedBy()));
    ledger.flush();

    long startedAt = Workflow.currentTimeMillis();
    Map<String, String> fields = mergedFields(request.inputs());
    try {
      while (!state.isFinal()) {
        if (cancelReason != null) {
          end(TaskState.CANCELLED, "cancelled: " + cancelReason, true);
          break;
        }
        if (step >= pin.budgets().maxSteps()) {
          budgetStop("steps", step, pin.budgets().maxSteps());
          break;
        }
        long elapsedSeconds = (Workflow.currentTimeMillis() - startedAt) / 1000;
        if (elapsedSeconds > pin.budgets().maxWallClockSeconds()) {
          budgetStop("wallClockSeconds", elapsedSeconds, pin.budgets().maxWallClockSeconds());
          break;
        }
        if (pin.pinForward()
            && Workflow.getVersion(PIN_FORWARD_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1) {
          movePinForward();
        }
        step++;
        runStep(request, fields, startedAt);
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
      end(TaskState.FAILED, describe(failure), true);
    }
    ledger.flush();
    return status();
  }

  private void runStep(TaskRequest request, Map<String, String> fields, long startedAt) {
    Observation observation =
        perception.perceive(
            new PerceptionRequest(taskId, step, pin.residency(), request.inputs(), toolResults));
    ledger.add(step, AuditFact.ObservationPerceived.of(observation));

    RouteDecision route =
        authorization.authorizeModel(
            new ModelAuthorizationRequest(
                taskId, step, pin, observation.labels(), observation.tainted()));
    ledger.add(step, AuditFact.ModelRouted.of(route));
    if (route.permitted().isEmpty()) {
      path.add(
          new StepRecord(
              step, null, null, null, null, Outcome.DENY, refusedIds(route), null, "denied"));
      end(
          TaskState.DENIED,
          "no model backend of the route is permitted for this step's data",
          false);
      return;
    }

    Decision decision =
        inference.decide(
            new InferenceRequest(
                taskId, step, route.permitted(), observation, fields, toolsDone, pin.tools()));
    tokensUsed += decision.provenance().inputTokens() + decision.provenance().outputTokens();
    costUsd += decision.provenance().costUsd();
    if (backends.add(decision.provenance().backend()) && upsertSearchAttributes) {
      Workflow.upsertTypedSearchAttributes(
          TaskSearchAttributes.BACKEND.valueSet(new ArrayList<>(backends)));
    }
    ledger.add(step, AuditFact.ModelDecided.of(decision));
    recordIntentChange(decision);

    if (tokensUsed > pin.budgets().maxTokens()) {
      budgetStop("tokens", tokensUsed, pin.budgets().maxTokens());
      return;
    }
    if (costUsd > pin.budgets().maxCostUsd()) {
      budgetStop("costUsd", costUsd, pin.budgets().maxCostUsd());
      return;
    }
    if (decision.isFinal()) {
      path.add(
          new StepRecord(
              step,
              decision.provenance().backend(),
              decision.intent(),
              null,
              null,
              null,
              List.of(),
              null,
              "answered"));
      finalAnswer = decision.finalAnswer();
      end(TaskState.COMPLETED, null, false);
      return;
    }
    for (int callIndex = 0;
        callIndex < decision.toolCalls().size() && !state.isFinal();
        callIndex++) {
      governCall(decision, decision.toolCalls().get(callIndex), callIndex, observation);
    }
  }

  /**
   * The task's intent is the first decided one; a later decision with another intent (a fallback
   * backend, a chat model reading tool output) is a governed fact in the ledger. Histories written
   * before this check never called it, so they replay with the default version and no event.
   */
  private void recordIntentChange(Decision decision) {
    if (decision.intent() == null) {
      return;
    }
    if (taskIntent == null) {
      taskIntent = decision.intent();
      return;
    }
    if (!taskIntent.equals(decision.intent())
        && Workflow.getVersion(INTENT_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1) {
      ledger.add(
          step,
          new AuditFact.IntentChanged(
              taskIntent,
              decision.intent(),
              decision.provenance().backend(),
              decision.confidence()));
    }
  }

  /** At a step boundary: the pin follows the active bundle, audited when it moves. */
  private void movePinForward() {
    String active = setup.activeBundle();
    if (active != null && !active.equals(pin.bundleHash())) {
      ledger.add(step, new AuditFact.TaskPinMoved(pin.bundleHash(), active));
      pin = pin.withBundleHash(active);
    }
  }

  /** Authorize, maybe wait for a human, act: one proposed tool call. */
  private void governCall(
      Decision decision, ToolCall call, int callIndex, Observation observation) {
    String backend = decision.provenance().backend();
    if (!pin.tools().contains(call.tool())) {
      ledger.add(step, new AuditFact.ToolRefused(call.tool(), "unknown tool"));
      recordCall(backend, decision.intent(), call, null, List.of(), null, "failed");
      throw ApplicationFailure.newNonRetryableFailure(
          "model proposed unknown tool `"
              + call.tool()
              + "`; profile `"
              + pin.profile()
              + "` allows "
              + pin.tools(),
          "UnknownTool");
    }
    String argumentsSha256 = call.argumentsSha256();
    PolicyVerdict verdict = authorize(call, callIndex, observation, List.of());
    recordVerdict(call, callIndex, verdict);
    // The path shows the verdict that governed the call (REQUIRE_APPROVAL stays visible once
    // approved).
    Outcome governing = verdict.outcome();
    List<String> governingPolicies = verdict.determiningPolicies();
    String approvedBy = null;

    if (verdict.outcome() == Outcome.REQUIRE_APPROVAL) {
      String approvalId = taskId + "/" + step + "/" + callIndex;
      List<GrantedApproval> grants =
          awaitApproval(
              approvalId, call, callIndex, argumentsSha256, verdict, backend, decision.intent());
      if (grants == null) {
        return;
      }
      GrantedApproval granted = grants.get(0);
      approvedBy = approvers(grants);
      verdict = authorize(call, callIndex, observation, grants);
      recordVerdict(call, callIndex, verdict);
      // Still REQUIRE_APPROVAL after an approval: the policy bundle changed since it was asked
      // for, so the approval did not count; ask again under the rules now in force (bounded).
      for (int ask = 2;
          ask <= MAX_APPROVAL_ASKS
              && verdict.outcome() == Outcome.REQUIRE_APPROVAL
              && granted.bundleHash() != null
              && !granted.bundleHash().equals(verdict.activeBundleHash())
              && Workflow.getVersion(APPROVAL_REBIND_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
          ask++) {
        grants =
            awaitApproval(
                approvalId + "/" + ask,
                call,
                callIndex,
                argumentsSha256,
                verdict,
                backend,
                decision.intent());
        if (grants == null) {
          return;
        }
        granted = grants.get(0);
        approvedBy = approvers(grants);
        verdict = authorize(call, callIndex, observation, grants);
        recordVerdict(call, callIndex, verdict);
      }
    }
    if (verdict.outcome() != Outcome.ALLOW) {
      recordCall(
          backend,
          decision.intent(),
          call,
          verdict.outcome(),
          verdict.determiningPolicies(),
          approvedBy,
          "denied");
      end(
          TaskState.DENIED,
          "`" + call.tool() + "` on " + call.target() + " " + deniedBy(verdict),
          false);
      return;
    }

    String idempotencyKey = taskId + "/" + step + "/" + callIndex;
    ToolResult result;
    try {
      // the permit Cedar's ALLOW came with: the tool acts on nothing else
      result =
          tools.execute(new ToolInvocation(taskId, step, idempotencyKey, call, verdict.permit()));
    } catch (ActivityFailure failure) {
      ledger.add(
          step,
          new AuditFact.ToolFailed(call.tool(), call.target(), idempotencyKey, describe(failure)));
      recordCall(
          backend, decision.intent(), call, governing, governingPolicies, approvedBy, "failed");
      throw failure;
    }
    if (result.compensation() != null) {
      compensations.push(result.compensation());
    }
    toolResults.add(result);
    toolsDone.add(call.tool());
    ledger.add(step, AuditFact.ToolExecuted.of(call, result));
    recordCall(backend, decision.intent(), call, governing, governingPolicies, approvedBy, "done");
  }

  /** One line of the governed path for a proposed call. */
  private void recordCall(
      String backend,
      String intent,
      ToolCall call,
      Outcome outcome,
      List<String> policies,
      String approvedBy,
      String result) {
    path.add(
        new StepRecord(
            step,
            backend,
            intent,
            call.tool(),
            call.target(),
            outcome,
            policies,
            approvedBy,
            result));
  }

  private PolicyVerdict authorize(
      ToolCall call, int callIndex, Observation observation, List<GrantedApproval> approvals) {
    return authorization.authorizeTool(
        new ToolAuthorizationRequest(
            taskId,
            step,
            pin,
            call,
            observation.labels(),
            observation.tainted(),
            approvals,
            callIndex,
            // what the arguments may have come from: their provenance is computed, not asked for
            new ArgumentSources(inputs, toolResults)));
  }

  /**
   * What refused a call: the determining policies, or, when no policy decided (nothing permits it,
   * or the system of record has no such target), the verdict's own errors, so a refusal always
   * names its rule.
   */
  static String deniedBy(PolicyVerdict verdict) {
    if (!verdict.determiningPolicies().isEmpty()) {
      return "denied by " + verdict.determiningPolicies();
    }
    return verdict.errors().isEmpty()
        ? "denied: no policy permits it"
        : "denied: " + String.join("; ", verdict.errors());
  }

  private static String approvers(List<GrantedApproval> grants) {
    List<String> names = new ArrayList<>();
    grants.forEach(g -> names.add(g.approver()));
    return String.join(", ", names);
  }

  /**
   * Waits for the humans. Returns the approvals (one, or with approval tokens one per required
   * role), or null when the task ended (rejected, expired or cancelled) — then the task's state
   * says which.
   */
  private List<GrantedApproval> awaitApproval(
      String approvalId,
      ToolCall call,
      int callIndex,
      String argumentsSha256,
      PolicyVerdict verdict,
      String backend,
      String intent) {
    approvalTokens =
        Workflow.getVersion(APPROVAL_TOKEN_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
    collected.clear();
    pendingApproval =
        new PendingApproval(
            approvalId, pin.tenant(), call, argumentsSha256, verdict.requiredRoles(), verdict);
    approvalAnswer = null;
    state = TaskState.WAITING_APPROVAL;
    ledger.add(
        step,
        new AuditFact.ApprovalRequested(
            approvalId,
            call.tool(),
            call.target(),
            argumentsSha256,
            verdict.requiredRoles(),
            verdict.activeBundleHash()));
    setPendingApproval(true);
    ledger.flush();

    boolean answered =
        Workflow.await(
            Duration.ofSeconds(pin.budgets().approvalTimeoutSeconds()),
            () -> approvalAnswer != null || cancelReason != null);
    PendingApproval asked = pendingApproval;
    pendingApproval = null;
    setPendingApproval(false);
    if (approvalAnswer == null) {
      String why = answered ? "cancelled: " + cancelReason : "approval timed out";
      ledger.add(
          step,
          answered
              ? new AuditFact.ApprovalCancelled(approvalId)
              : new AuditFact.ApprovalExpired(approvalId));
      recordCall(
          backend,
          intent,
          call,
          verdict.outcome(),
          verdict.determiningPolicies(),
          null,
          "rejected");
      end(answered ? TaskState.CANCELLED : TaskState.REJECTED, why, true);
      return null;
    }
    String role = effectiveRole(approvalAnswer, asked);
    if (!approvalGranted) {
      ledger.add(
          step,
          new AuditFact.ApprovalRejected(
              approvalId,
              approvalAnswer.approver(),
              role,
              argumentsSha256,
              approvalAnswer.reason()));
      recordCall(
          backend,
          intent,
          call,
          verdict.outcome(),
          verdict.determiningPolicies(),
          null,
          "rejected");
      end(
          TaskState.REJECTED,
          "`" + call.tool() + "` rejected by " + approvalAnswer.approver(),
          true);
      return null;
    }
    state = TaskState.RUNNING;
    List<ApprovalRequest> answers =
        approvalTokens ? List.copyOf(collected) : List.of(approvalAnswer);
    List<GrantedApproval> grants = new ArrayList<>();
    for (ApprovalRequest answer : answers) {
      String answerRole = approvalTokens ? answer.role() : role;
      ledger.add(
          step,
          new AuditFact.ApprovalGranted(
              approvalId, answer.approver(), answerRole, argumentsSha256, answer.reason()));
      // Bound to the bundle that asked (verdicts older than bundle pinning name none).
      grants.add(
          new GrantedApproval(
              approvalId,
              answer.approver(),
              answerRole,
              argumentsSha256,
              verdict.activeBundleHash()));
    }
    collected.clear();
    return grants;
  }

  @Override
  public TaskStatus status() {
    // An answer accepted by the Update but not yet taken up by the loop is no longer pending:
    // callers polling the status must not answer the same approval twice.
    boolean answered = state == TaskState.WAITING_APPROVAL && approvalAnswer != null;
    return new TaskStatus(
        taskId,
        answered ? TaskState.RUNNING : state,
        step,
        pin,
        answered || pendingApproval == null
            ? null
            : approvalTokens ? pendingApproval.withMissingRoles(missingRoles()) : pendingApproval,
        path,
        step,
        tokensUsed,
        costUsd,
        new ArrayList<>(backends),
        compensationsRun,
        finalAnswer,
        reason,
        ledger.recorded,
        ledger.head);
  }

  @Override
  public void cancel(String reason) {
    if (cancelReason == null) {
      cancelReason = reason == null || reason.isBlank() ? "no reason given" : reason;
    }
  }

  @Override
  public String approve(ApprovalRequest request) {
    if (approvalTokens) {
      // Proven by the validator before it entered history; here (and on replay) only read.
      ApprovalRequest answer = proven(request, missingRoles());
      usedTokenIds.add(ApprovalToken.decode(request.token()).jti());
      collected.add(answer);
      List<String> missing = missingRoles();
      if (!missing.isEmpty()) {
        return "approved "
            + request.approvalId()
            + " as "
            + answer.role()
            + " by "
            + answer.approver()
            + "; still waiting for "
            + missing;
      }
      approvalGranted = true;
      approvalAnswer = answer;
      return "approved " + request.approvalId();
    }
    approvalGranted = true;
    approvalAnswer = request;
    return "approved " + request.approvalId();
  }

  @Override
  public void validateApprove(ApprovalRequest request) {
    validateAnswer(request, true);
  }

  @Override
  public String reject(ApprovalRequest request) {
    approvalGranted = false;
    if (approvalTokens) {
      usedTokenIds.add(ApprovalToken.decode(request.token()).jti());
      approvalAnswer = proven(request, pendingApproval.requiredRoles());
      return "rejected " + request.approvalId();
    }
    approvalAnswer = request;
    return "rejected " + request.approvalId();
  }

  @Override
  public void validateReject(ApprovalRequest request) {
    validateAnswer(request, false);
  }

  /** Runs before an answer enters history; throwing refuses it. */
  private void validateAnswer(ApprovalRequest request, boolean approving) {
    if (approvalTokens) {
      validateProven(request, approving);
      return;
    }
    if (request == null || request.approvalId() == null || request.approver() == null) {
      throw new IllegalArgumentException(
          "approval answer needs `approvalId` and `approver`, got " + request);
    }
    PendingApproval pending = pendingFor(request);
    if (request.role() == null && pending.requiredRoles().size() != 1) {
      throw new IllegalArgumentException(
          "approval `"
              + pending.approvalId()
              + "` may be given by any of "
              + pending.requiredRoles()
              + ": say which `role` you answer in");
    }
    ApprovalGate.Check check = approvalGate.authorize(request, pending);
    if (!check.allowed()) {
      throw new IllegalArgumentException(check.reason());
    }
  }

  /** The approval {@code request} answers; refuses an answer when none or another is pending. */
  private PendingApproval pendingFor(ApprovalRequest request) {
    PendingApproval pending = pendingApproval;
    if (pending == null || approvalAnswer != null) {
      throw new IllegalStateException(
          "task `"
              + taskId
              + "` has no pending approval (answer for `"
              + request.approvalId()
              + "` is stale)");
    }
    if (!pending.approvalId().equals(request.approvalId())) {
      throw new IllegalArgumentException(
          "stale approval `"
              + request.approvalId()
              + "`: the pending approval is `"
              + pending.approvalId()
              + "`");
    }
    return pending;
  }

  /**
   * The validator of tasks with approval tokens: the token's signature (by the gate), then its
   * claims against this approval and workflow time, replay, four eyes, and the human's role (Cedar,
   * by the gate). Reads state only.
   */
  private void validateProven(ApprovalRequest request, boolean approving) {
    if (request == null || request.approvalId() == null) {
      throw new IllegalArgumentException(
          "approval answer needs `approvalId` and a signed `token`, got " + request);
    }
    PendingApproval pending = pendingFor(request);
    if (request.token() == null || request.token().isBlank()) {
      throw new IllegalArgumentException(
          "approval `"
              + pending.approvalId()
              + "` needs a signed approval `token` (POST /api/tasks/"
              + taskId
              + "/approval-token, or `charter task approval-token`): a name proves"
              + " nothing");
    }
    ApprovalGate.Check signature = approvalGate.verifyToken(request.token());
    if (!signature.allowed()) {
      throw new IllegalArgumentException("approval token refused: " + signature.reason());
    }
    ApprovalToken token = ApprovalToken.decode(request.token());
    if (!ApprovalToken.AUDIENCE.equals(token.audience())) {
      throw new IllegalArgumentException(
          "approval token refused: audience is `"
              + token.audience()
              + "`, not `"
              + ApprovalToken.AUDIENCE
              + "`");
    }
    if (token.subject() == null || token.subject().isBlank() || token.jti() == null) {
      throw new IllegalArgumentException("approval token refused: it names no `sub` or `jti`");
    }
    long now = Workflow.currentTimeMillis() / 1000;
    if (token.expiresAt() <= now) {
      throw new IllegalArgumentException(
          "approval token refused: expired at " + token.expiresAt() + " (now " + now + ")");
    }
    if (token.expiresAt() - now > ApprovalToken.MAX_LIFETIME_SECONDS) {
      throw new IllegalArgumentException(
          "approval token refused: it expires more than "
              + ApprovalToken.MAX_LIFETIME_SECONDS
              + "s from now");
    }
    if (!pending.approvalId().equals(token.approvalId())) {
      throw new IllegalArgumentException(
          "approval token refused: it is for approval `"
              + token.approvalId()
              + "`, not `"
              + pending.approvalId()
              + "`");
    }
    if (!pending.argumentsSha256().equals(token.argumentsSha256())) {
      throw new IllegalArgumentException(
          "approval token refused: it binds argument hash `"
              + token.argumentsSha256()
              + "`, the call waiting has `"
              + pending.argumentsSha256()
              + "`");
    }
    String askingBundle = pending.verdict() == null ? null : pending.verdict().activeBundleHash();
    if (askingBundle != null && !askingBundle.equals(token.bundleHash())) {
      throw new IllegalArgumentException(
          "approval token refused: it binds bundle `"
              + token.bundleHash()
              + "`, the approval was asked for by bundle `"
              + askingBundle
              + "`");
    }
    if (usedTokenIds.contains(token.jti())) {
      throw new IllegalArgumentException(
          "approval token refused: token `" + token.jti() + "` was used already (replay)");
    }
    if (request.approver() != null
        && !request.approver().isBlank()
        && !request.approver().equals(token.subject())) {
      throw new IllegalArgumentException(
          "approval token refused: the answer names approver `"
              + request.approver()
              + "` but the token proves `"
              + token.subject()
              + "`");
    }
    if (token.subject().equals(requestedBy)) {
      throw new IllegalArgumentException(
          "`"
              + token.subject()
              + "` asked for task `"
              + taskId
              + "` and may not answer its approvals");
    }
    List<String> candidates = approving ? missingRoles() : pending.requiredRoles();
    if (approving) {
      for (ApprovalRequest earlier : collected) {
        if (earlier.approver().equals(token.subject())) {
          throw new IllegalArgumentException(
              "`"
                  + token.subject()
                  + "` already approved `"
                  + pending.approvalId()
                  + "` as "
                  + earlier.role()
                  + "; "
                  + candidates
                  + " need other humans");
        }
      }
    }
    ApprovalRequest answer = proven(request, candidates);
    if (answer.role() == null) {
      throw new IllegalArgumentException(
          "approval `"
              + pending.approvalId()
              + "` still needs "
              + candidates
              + ": say which `role` you answer in");
    }
    if (!candidates.contains(answer.role())) {
      throw new IllegalArgumentException(
          "approval `"
              + pending.approvalId()
              + "` needs one of "
              + candidates
              + ", not role `"
              + answer.role()
              + "`");
    }
    ApprovalGate.Check check = approvalGate.authorize(answer, pending);
    if (!check.allowed()) {
      throw new IllegalArgumentException(check.reason());
    }
  }

  /**
   * The answer as its token proves it: the token's subject as approver, the role named, or the one
   * candidate left, or the first candidate the token's roles hold. Deterministic: the handler (and
   * replay) derive the same from history.
   */
  private static ApprovalRequest proven(ApprovalRequest request, List<String> candidates) {
    ApprovalToken token = ApprovalToken.decode(request.token());
    String role = request.role();
    if (role == null && candidates.size() == 1) {
      role = candidates.get(0);
    }
    if (role == null) {
      for (String candidate : candidates) {
        if (token.roles().contains(candidate)) {
          role = candidate;
          break;
        }
      }
    }
    return new ApprovalRequest(
        request.approvalId(), token.subject(), role, request.reason(), request.token());
  }

  /** The required roles of the pending approval no proven approval covers yet. */
  private List<String> missingRoles() {
    PendingApproval pending = pendingApproval;
    if (pending == null) {
      return List.of();
    }
    List<String> missing = new ArrayList<>(pending.requiredRoles());
    collected.forEach(answer -> missing.remove(answer.role()));
    return missing;
  }

  private void setPendingApproval(boolean pending) {
    if (upsertState) {
      TaskState now = pending ? TaskState.WAITING_APPROVAL : TaskState.RUNNING;
      Workflow.upsertTypedSearchAttributes(
          TaskSearchAttributes.PENDING_APPROVAL.valueSet(pending),
          TaskSearchAttributes.STATE.valueSet(now.name()));
      Workflow.setCurrentDetails(now.name() + " at step " + step);
    } else if (upsertSearchAttributes) {
      Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.PENDING_APPROVAL.valueSet(pending));
    }
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static String effectiveRole(ApprovalRequest request, PendingApproval pending) {
    return request.role() != null ? request.role() : pending.requiredRoles().get(0);
  }

  private void budgetStop(String budget, Number used, Number limit) {
    ledger.add(step, new AuditFact.BudgetExceeded(budget, used.doubleValue(), limit.doubleValue()));
    end(
        TaskState.BUDGET_EXCEEDED,
        "budget `" + budget + "` exhausted: " + used + " of " + limit,
        false);
  }

  /**
   * Ends the task, compensating first when asked, and records how it ended: needing attention when
   * a compensation was refused or failed.
   */
  private void end(TaskState finalState, String why, boolean compensate) {
    List<String> notUndone = compensate ? compensateAll() : List.of();
    if (notUndone.isEmpty()) {
      state = finalState;
      reason = why;
    } else {
      state = TaskState.NEEDS_ATTENTION;
      reason =
          (why == null ? "" : why + "; ")
              + "needs attention, not undone: "
              + String.join("; ", notUndone);
    }
    ledger.add(
        step, new AuditFact.TaskEnded(state, step, tokensUsed, costUsd, reason, finalAnswer));
    if (upsertState) {
      Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.STATE.valueSet(state.name()));
      // what the Web UI shows without opening the result; policy ids and states, no task data
      Workflow.setCurrentDetails(state.name() + " after " + step + " steps");
    }
  }

  /**
   * Saga: undo registered side effects in reverse order, each authorized (from version 1 of {@link
   * #COMPENSATION_AUTHORIZED_CHANGE_ID}) and audited. Returns the compensations that did not run or
   * failed, described for the task's reason; always empty on the version 0 path.
   */
  private List<String> compensateAll() {
    List<String> notUndone = new ArrayList<>();
    while (!compensations.isEmpty()) {
      Compensation compensation = compensations.pop();
      String what = "`" + compensation.call().tool() + "` on " + compensation.call().target();
      boolean authorized =
          Workflow.getVersion(COMPENSATION_AUTHORIZED_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
      if (authorized) {
        PolicyVerdict verdict;
        try {
          verdict =
              authorization.authorizeCompensation(
                  new CompensationAuthorizationRequest(taskId, step, pin, compensation));
        } catch (ActivityFailure failure) {
          // Cedar could not be asked (a bad call, or retries exhausted): refused, fail closed
          String error = describe(failure);
          ledger.add(
              step,
              new AuditFact.CompensationRefused(
                  compensation.call().tool(),
                  compensation.call().target(),
                  compensation.idempotencyKey(),
                  compensation.forKey(),
                  Outcome.DENY,
                  List.of(),
                  pin.bundleHash(),
                  List.of(error)));
          notUndone.add(what + " not authorized (" + error + ")");
          continue;
        }
        ledger.add(
            step,
            AuditFact.VerdictRecorded.of(compensation.call(), COMPENSATION_CALL_INDEX, verdict));
        if (verdict.outcome() != Outcome.ALLOW) {
          ledger.add(step, AuditFact.CompensationRefused.of(compensation, verdict));
          log.warn(
              "compensation refused by policy taskId={} key={} outcome={}",
              taskId,
              compensation.idempotencyKey(),
              verdict.outcome());
          notUndone.add(
              what
                  + " refused ("
                  + verdict.outcome()
                  + " by "
                  + verdict.determiningPolicies()
                  + ")");
          continue;
        }
        compensation = compensation.withPermit(verdict.permit());
      }
      String error = null;
      try {
        tools.compensate(compensation);
        compensationsRun.add(compensation.call().tool() + " " + compensation.call().target());
      } catch (ActivityFailure failure) {
        // Recorded for an operator: the compensation's retries are exhausted.
        error = describe(failure);
        log.error("compensation failed taskId={} key={}", taskId, compensation.idempotencyKey());
        if (authorized) {
          notUndone.add(what + " failed (" + error + ")");
        }
      }
      ledger.add(step, AuditFact.CompensationExecuted.of(compensation, error));
    }
    return notUndone;
  }

  private static String describe(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && !(cause instanceof ApplicationFailure)) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static Map<String, String> mergedFields(List<TaskInput> inputs) {
    Map<String, String> fields = new TreeMap<>();
    inputs.forEach(input -> fields.putAll(input.fields()));
    return fields;
  }

  private static List<String> refusedIds(RouteDecision route) {
    List<String> ids = new ArrayList<>();
    route.refused().forEach(v -> ids.addAll(v.determiningPolicies()));
    return ids;
  }

  /** Records the verdict, and a shadow candidate's disagreement with the active bundle. */
  private void recordVerdict(ToolCall call, int callIndex, PolicyVerdict verdict) {
    ledger.add(step, AuditFact.VerdictRecorded.of(call, callIndex, verdict));
    AuditFact.ShadowDisagreement disagreement =
        AuditFact.ShadowDisagreement.of(call, callIndex, verdict);
    if (disagreement != null) {
      ledger.add(step, disagreement);
    }
  }

  /** Buffers a step's events and appends them in one activity call; seq is assigned here. */
  private final class Ledger {
    private final List<AuditEvent> buffer = new ArrayList<>();
    private long nextSeq = 1;
    private long recorded;
    private String head;

    void add(int atStep, AuditFact fact) {
      buffer.add(new AuditEvent(taskId, nextSeq++, atStep, runId, fact));
    }

    void flush() {
      if (buffer.isEmpty()) {
        return;
      }
      AuditReceipt receipt = audit.record(List.copyOf(buffer));
      recorded = receipt.lastSeq();
      head = receipt.headHash();
      buffer.clear();
    }
  }
}
