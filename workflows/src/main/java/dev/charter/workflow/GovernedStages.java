package dev.charter.workflow;

import dev.charter.contract.ArgumentSources;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Decision;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskProgress;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import dev.charter.workflow.activity.AuthorizationActivities;
import dev.charter.workflow.activity.InferenceActivities;
import dev.charter.workflow.activity.PerceptionActivities;
import dev.charter.workflow.activity.ToolActivities;
import io.temporal.failure.ActivityFailure;
import java.util.List;
import java.util.Map;

/**
 * The stages of one governed step, each one activity call and the facts it records: perceive,
 * route, decide, authorize, act. What follows from their results (budgets, approvals, how the task
 * ends) is the loop's, in {@link AgentTaskWorkflowImpl}.
 */
final class GovernedStages {

  private final PerceptionActivities perception;
  private final PerceptionActivities localPerception;
  private final AuthorizationActivities authorization;
  private final InferenceActivities inference;
  private final ToolActivities tools;
  private final TaskLedger ledger;
  private final TaskVisibility visibility;
  private String taskId;
  private List<TaskInput> inputs = List.of();

  /** Whether perception is a local activity (change id local-perception); asked at first use. */
  private Boolean perceiveLocally;

  GovernedStages(
      PerceptionActivities perception,
      PerceptionActivities localPerception,
      AuthorizationActivities authorization,
      InferenceActivities inference,
      ToolActivities tools,
      TaskLedger ledger,
      TaskVisibility visibility) {
    this.perception = perception;
    this.localPerception = localPerception;
    this.authorization = authorization;
    this.inference = inference;
    this.tools = tools;
    this.ledger = ledger;
    this.visibility = visibility;
  }

  /** The task, and what it was asked with: perception and argument provenance read the inputs. */
  void bind(String task, List<TaskInput> taskInputs) {
    this.taskId = task;
    this.inputs = taskInputs;
  }

  /** Provenance, labels, taint and PII of what the step sees: the inputs and tool results. */
  Observation perceive(TaskProgress at) {
    if (perceiveLocally == null) {
      perceiveLocally = LoopChanges.on(LoopChanges.LOCAL_PERCEPTION);
    }
    Observation observation =
        (perceiveLocally ? localPerception : perception)
            .perceive(
                new PerceptionRequest(
                    taskId, at.step(), at.pin().residency(), inputs, at.toolResults()));
    ledger.add(at.step(), AuditFact.ObservationPerceived.of(observation));
    return observation;
  }

  /** Which model backends of the route policy permits for the step's data. */
  RouteDecision route(TaskProgress at, Observation observation) {
    RouteDecision route =
        authorization.authorizeModel(
            new ModelAuthorizationRequest(
                taskId, at.step(), at.pin(), observation.labels(), observation.tainted()));
    ledger.add(at.step(), AuditFact.ModelRouted.of(route));
    return route;
  }

  /**
   * A permitted model decides. A decision whose intent differs from the task's first is a governed
   * fact in the ledger (change id {@code intent-change-recorded}), not followed silently.
   */
  Decision decide(
      TaskProgress at, RouteDecision route, Observation observation, Map<String, String> fields) {
    Decision decision =
        inference.decide(
            new InferenceRequest(
                taskId,
                at.step(),
                route.permitted(),
                observation,
                fields,
                at.toolsDone(),
                at.pin().tools()));
    TaskProgress after = at.decided(decision);
    if (after.backends().size() > at.backends().size()) {
      visibility.backends(after.backends());
    }
    ledger.add(at.step(), AuditFact.ModelDecided.of(decision));
    String taskIntent = at.intent();
    if (taskIntent != null
        && decision.intent() != null
        && !taskIntent.equals(decision.intent())
        && LoopChanges.on(LoopChanges.INTENT_CHANGE)) {
      ledger.add(
          at.step(),
          new AuditFact.IntentChanged(
              taskIntent,
              decision.intent(),
              decision.provenance().backend(),
              decision.confidence()));
    }
    return decision;
  }

  /** Cedar's verdict on a call, recorded with a shadow candidate's disagreement, if any. */
  PolicyVerdict authorize(
      TaskProgress at,
      ToolCall call,
      int callIndex,
      Observation observed,
      List<GrantedApproval> approvals) {
    PolicyVerdict verdict =
        authorization.authorizeTool(
            new ToolAuthorizationRequest(
                taskId,
                at.step(),
                at.pin(),
                call,
                observed.labels(),
                observed.tainted(),
                approvals,
                callIndex,
                // what the arguments may have come from: computed, not asked for
                new ArgumentSources(inputs, at.toolResults())));
    ledger.add(at.step(), AuditFact.VerdictRecorded.of(call, callIndex, verdict));
    AuditFact.ShadowDisagreement disagreement =
        AuditFact.ShadowDisagreement.of(call, callIndex, verdict);
    if (disagreement != null) {
      ledger.add(at.step(), disagreement);
    }
    return verdict;
  }

  /**
   * Runs an allowed call with the permit Cedar's ALLOW came with (the tool acts on nothing else),
   * once per idempotency key; a permanent failure is recorded and rethrown.
   */
  ToolResult act(TaskProgress at, ToolCall call, int callIndex, PolicyVerdict allowed) {
    String idempotencyKey = taskId + "/" + at.step() + "/" + callIndex;
    ToolResult result;
    try {
      result =
          tools.execute(
              new ToolInvocation(taskId, at.step(), idempotencyKey, call, allowed.permit()));
    } catch (ActivityFailure failure) {
      ledger.add(
          at.step(),
          new AuditFact.ToolFailed(
              call.tool(), call.target(), idempotencyKey, Failures.describe(failure)));
      throw failure;
    }
    ledger.add(at.step(), AuditFact.ToolExecuted.of(call, result));
    return result;
  }
}
