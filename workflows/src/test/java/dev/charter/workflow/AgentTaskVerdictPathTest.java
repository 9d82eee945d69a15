package dev.charter.workflow;

import static dev.charter.workflow.SupportDesk.EMAIL_C17;
import static dev.charter.workflow.SupportDesk.LOOKUP_1002;
import static dev.charter.workflow.SupportDesk.REFUND_1002;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.answer;
import static dev.charter.workflow.SupportDesk.deny;
import static dev.charter.workflow.SupportDesk.propose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Budgets;
import dev.charter.contract.Decision;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolInvocation;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** ALLOW and DENY verdicts, route refusal and budgets, end to end on the test server. */
class AgentTaskVerdictPathTest {

  private final GovernedLoop loop = new GovernedLoop();

  @AfterEach
  void close() {
    loop.close();
  }

  private void toolVerdicts(Map<String, PolicyVerdict> byTool) {
    when(loop.authorization.authorizeTool(any()))
        .thenAnswer(
            call -> byTool.get(call.<ToolAuthorizationRequest>getArgument(0).call().tool()));
  }

  @Test
  void should_complete_with_final_answer_when_model_answers_at_first_step() {
    when(loop.inference.decide(any())).thenReturn(answer("Order 1002 is already refunded."));

    TaskStatus status = loop.run("task-answer");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.finalAnswer()).isEqualTo("Order 1002 is already refunded.");
    assertThat(status.stepsUsed()).isEqualTo(1);
    assertThat(status.path())
        .extracting(StepRecord::step, StepRecord::tool, StepRecord::result)
        .containsExactly(tuple(1, null, "answered"));
    assertThat(status.backends()).containsExactly(SupportDesk.IN_PROCESS.name());
    verify(loop.tools, never()).execute(any());
  }

  @Test
  void should_complete_after_allowed_tool_steps_when_every_call_is_allowed() {
    when(loop.inference.decide(any()))
        .thenReturn(propose(LOOKUP_1002), propose(REFUND_1002), answer("Refunded order 1002."));
    toolVerdicts(
        Map.of(
            SupportDesk.LOOKUP_ORDER, allow("permit-order-lookup"),
            SupportDesk.ISSUE_REFUND, allow("permit-refund-under-limit")));

    TaskStatus status = loop.run("task-allow");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.finalAnswer()).isEqualTo("Refunded order 1002.");
    assertThat(status.stepsUsed()).isEqualTo(3);
    assertThat(status.tokensUsed()).isEqualTo(3 * 135);
    assertThat(status.path())
        .extracting(
            StepRecord::step,
            StepRecord::tool,
            StepRecord::outcome,
            StepRecord::determiningPolicies,
            StepRecord::result)
        .containsExactly(
            tuple(1, "lookup_order", Outcome.ALLOW, List.of("permit-order-lookup"), "done"),
            tuple(2, "issue_refund", Outcome.ALLOW, List.of("permit-refund-under-limit"), "done"),
            tuple(3, null, null, List.of(), "answered"));
    ArgumentCaptor<ToolInvocation> ran = ArgumentCaptor.forClass(ToolInvocation.class);
    verify(loop.tools, times(2)).execute(ran.capture());
    assertThat(ran.getAllValues())
        .extracting(ToolInvocation::idempotencyKey)
        .containsExactly("task-allow/1/0", "task-allow/2/0");
    verify(loop.tools, never()).compensate(any());
  }

  @Test
  void should_append_consecutive_seq_from_one_across_flushes_when_task_runs_several_steps() {
    when(loop.inference.decide(any()))
        .thenReturn(propose(LOOKUP_1002), propose(REFUND_1002), answer("Refunded order 1002."));
    toolVerdicts(
        Map.of(
            SupportDesk.LOOKUP_ORDER, allow("permit-order-lookup"),
            SupportDesk.ISSUE_REFUND, allow("permit-refund-under-limit")));

    TaskStatus status = loop.run("task-ledger");

    List<AuditEvent> events = loop.ledger.events("task-ledger");
    assertThat(loop.ledger.batches()).hasSizeGreaterThan(2);
    assertThat(events)
        .extracting(AuditEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events).extracting(AuditEvent::taskId).containsOnly("task-ledger");
    assertThat(loop.ledger.types("task-ledger"))
        .startsWith(
            AuditFact.TaskPinned.TYPE,
            AuditFact.ObservationPerceived.TYPE,
            AuditFact.ModelRouted.TYPE,
            AuditFact.ModelDecided.TYPE)
        .contains(AuditFact.VerdictRecorded.TYPE, AuditFact.ToolExecuted.TYPE)
        .endsWith(AuditFact.TaskEnded.TYPE);
    assertThat(status.auditEvents()).isEqualTo(events.size());
    assertThat(status.auditHead()).isEqualTo(loop.ledger.head("task-ledger"));
  }

  @Test
  void should_record_an_intent_change_when_a_later_decision_names_another_intent() {
    Decision otherIntent =
        new Decision(
            List.of(),
            "Your receipt is on its way.",
            "receipt",
            0.88,
            "reads the ticket as a receipt request",
            SupportDesk.provenance());
    when(loop.inference.decide(any())).thenReturn(propose(LOOKUP_1002), otherIntent);
    toolVerdicts(Map.of(SupportDesk.LOOKUP_ORDER, allow("permit-order-lookup")));

    loop.run("task-intent-change");

    List<AuditEvent> changes =
        loop.ledger.events("task-intent-change").stream()
            .filter(e -> e.type().equals(AuditFact.IntentChanged.TYPE))
            .toList();
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).step()).isEqualTo(2);
    assertThat(changes.get(0).payload())
        .isEqualTo(
            new AuditFact.IntentChanged(
                "refund_request",
                "receipt",
                SupportDesk.IN_PROCESS.name(),
                ((AuditFact.IntentChanged) changes.get(0).payload()).confidence()));
  }

  @Test
  void should_record_no_intent_change_when_every_decision_keeps_the_intent() {
    when(loop.inference.decide(any()))
        .thenReturn(propose(LOOKUP_1002), answer("Order 1002 looked up."));
    toolVerdicts(Map.of(SupportDesk.LOOKUP_ORDER, allow("permit-order-lookup")));

    loop.run("task-intent-kept");

    assertThat(loop.ledger.types("task-intent-kept")).doesNotContain(AuditFact.IntentChanged.TYPE);
  }

  @Test
  void should_answer_status_query_when_task_has_ended() {
    when(loop.inference.decide(any())).thenReturn(propose(LOOKUP_1002), answer("Order found."));
    toolVerdicts(Map.of(SupportDesk.LOOKUP_ORDER, allow("permit-order-lookup")));

    TaskStatus result = loop.run("task-query");
    TaskStatus queried = loop.task("task-query").status();

    assertThat(queried).isEqualTo(result);
    assertThat(queried.taskId()).isEqualTo("task-query");
    assertThat(queried.pin()).isEqualTo(SupportDesk.pin());
    assertThat(queried.pendingApproval()).isNull();
  }

  @Test
  void should_end_denied_without_running_tool_or_compensating_when_policy_denies() {
    when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002), propose(EMAIL_C17));
    toolVerdicts(
        Map.of(
            SupportDesk.ISSUE_REFUND, allow("permit-refund-under-limit"),
            SupportDesk.SEND_EMAIL, deny("forbid-email-on-tainted-step")));

    TaskStatus status = loop.run("task-deny");

    assertThat(status.state()).isEqualTo(TaskState.DENIED);
    assertThat(status.reason()).contains("send_email", "forbid-email-on-tainted-step");
    assertThat(status.path())
        .extracting(StepRecord::tool, StepRecord::outcome, StepRecord::result)
        .containsExactly(
            tuple("issue_refund", Outcome.ALLOW, "done"),
            tuple("send_email", Outcome.DENY, "denied"));
    ArgumentCaptor<ToolInvocation> ran = ArgumentCaptor.forClass(ToolInvocation.class);
    verify(loop.tools).execute(ran.capture());
    assertThat(ran.getValue().call().tool()).isEqualTo("issue_refund");
    verify(loop.tools, never()).compensate(any());
    assertThat(status.compensations()).isEmpty();
    // a DENIED task is a Completed workflow to Temporal: its outcome is searchable and shown
    WorkflowStub stub = loop.client.newUntypedWorkflowStub("task-deny");
    assertThat(stub.describe().getTypedSearchAttributes().get(TaskSearchAttributes.STATE))
        .isEqualTo("DENIED");
    assertThat(
            stub.query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails())
        .isEqualTo("DENIED after 2 steps");
  }

  @Test
  void should_name_the_rule_when_a_call_is_denied_by_no_policy() {
    when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002));
    toolVerdicts(
        Map.of(
            SupportDesk.ISSUE_REFUND,
            PolicyVerdict.of(
                Outcome.DENY,
                List.of(),
                List.of(),
                SupportDesk.BUNDLE_HASH,
                List.of(
                    "unknown order for tool `issue_refund`: the system of record has no such row"),
                40)));

    TaskStatus status = loop.run("task-deny-unknown");

    assertThat(status.state()).isEqualTo(TaskState.DENIED);
    assertThat(status.reason())
        .isEqualTo(
            "`issue_refund` on Shop::Order::\"1002\" denied: unknown order for tool"
                + " `issue_refund`: the system of record has no such row");
    assertThat((SupportDesk.deny("forbid-x").refusal())).isEqualTo("denied by [forbid-x]");
    assertThat((PolicyVerdict.of(Outcome.DENY, List.of(), List.of(), "b", List.of(), 1).refusal()))
        .isEqualTo("denied: no policy permits it");
  }

  @Test
  void should_end_denied_without_inference_when_no_backend_is_permitted() {
    when(loop.authorization.authorizeModel(any())).thenReturn(SupportDesk.noBackendPermitted());

    TaskStatus status = loop.run("task-no-backend");

    assertThat(status.state()).isEqualTo(TaskState.DENIED);
    assertThat(status.reason()).contains("no model backend");
    assertThat(status.path())
        .extracting(StepRecord::outcome, StepRecord::determiningPolicies)
        .containsExactly(
            tuple(
                Outcome.DENY,
                List.of("forbid-eu-data-off-region", "forbid-confidential-to-retaining-backend")));
    verify(loop.inference, never()).decide(any());
    verify(loop.tools, never()).execute(any());
    assertThat(loop.ledger.types("task-no-backend"))
        .contains(AuditFact.ModelRouted.TYPE)
        .endsWith(AuditFact.TaskEnded.TYPE);
  }

  @Test
  void should_stop_with_budget_exceeded_when_steps_run_out() {
    when(loop.setup.pin(any())).thenReturn(SupportDesk.pin(SupportDesk.budgets(2)));
    when(loop.inference.decide(any())).thenReturn(propose(LOOKUP_1002));
    toolVerdicts(Map.of(SupportDesk.LOOKUP_ORDER, allow("permit-order-lookup")));

    TaskStatus status = loop.run("task-steps");

    assertThat(status.state()).isEqualTo(TaskState.BUDGET_EXCEEDED);
    assertThat(status.reason()).contains("`steps`", "2 of 2");
    assertThat(status.stepsUsed()).isEqualTo(2);
    verify(loop.tools, times(2)).execute(any());
    assertThat(loop.ledger.types("task-steps"))
        .containsSubsequence(AuditFact.BudgetExceeded.TYPE, AuditFact.TaskEnded.TYPE);
  }

  @Test
  void should_stop_before_acting_when_tokens_budget_is_exhausted() {
    when(loop.setup.pin(any())).thenReturn(SupportDesk.pin(new Budgets(6, 100, 1.0, 86_400, 600)));
    when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002));

    TaskStatus status = loop.run("task-tokens");

    assertThat(status.state()).isEqualTo(TaskState.BUDGET_EXCEEDED);
    assertThat(status.reason()).contains("`tokens`", "135 of 100");
    verify(loop.authorization, never()).authorizeTool(any());
    verify(loop.tools, never()).execute(any());
  }
}
