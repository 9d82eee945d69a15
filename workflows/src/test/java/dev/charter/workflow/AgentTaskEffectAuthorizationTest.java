package dev.charter.workflow;

import static dev.charter.workflow.SupportDesk.EMAIL_C17;
import static dev.charter.workflow.SupportDesk.REFUND_1002;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.answer;
import static dev.charter.workflow.SupportDesk.deny;
import static dev.charter.workflow.SupportDesk.propose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.charter.contract.AuditFact;
import dev.charter.contract.CompensationAuthorizationRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolInvocation;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Every effect is authorized: a tool runs with the permit of its ALLOW verdict, and a compensation
 * is put to Cedar before it runs; one that policy refuses leaves the task needing attention.
 */
class AgentTaskEffectAuthorizationTest {

  private final GovernedLoop loop = new GovernedLoop();

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void should_hand_the_tool_the_permit_of_its_allow_verdict_and_name_the_call_index() {
    when(loop.inference.decide(any()))
        .thenReturn(propose(REFUND_1002), answer("Refunded order 1002."));
    when(loop.authorization.authorizeTool(any()))
        .thenAnswer(
            call -> {
              ToolAuthorizationRequest request = call.getArgument(0);
              return allow("refund-within-limit")
                  .withPermit("permit-for-" + request.idempotencyKey());
            });

    TaskStatus status = loop.run("task-permit");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    ArgumentCaptor<ToolInvocation> ran = ArgumentCaptor.forClass(ToolInvocation.class);
    verify(loop.tools).execute(ran.capture());
    assertThat(ran.getValue().idempotencyKey()).isEqualTo("task-permit/1/0");
    assertThat(ran.getValue().permit()).isEqualTo("permit-for-task-permit/1/0");
  }

  @Test
  void should_need_attention_with_the_refusal_recorded_when_policy_denies_a_compensation() {
    when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002), propose(EMAIL_C17));
    when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    when(loop.tools.execute(any(ToolInvocation.class)))
        .thenAnswer(
            call -> {
              ToolInvocation invocation = call.getArgument(0);
              if (invocation.call().tool().equals(SupportDesk.SEND_EMAIL)) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "mail relay refused the address of customer `c-17`", "EmailUndeliverable");
              }
              return SupportDesk.perform(invocation);
            });
    when(loop.authorization.authorizeCompensation(any()))
        .thenReturn(deny("reverse-refund-applied-only"));

    TaskStatus status = loop.run("task-undo-refused");

    assertThat(status.state()).isEqualTo(TaskState.NEEDS_ATTENTION);
    assertThat(status.reason())
        .startsWith("EmailUndeliverable")
        .contains(
            "needs attention, not undone: `reverse_refund` on Shop::Order::\"1002\" refused"
                + " (DENY by [reverse-refund-applied-only])");
    assertThat(status.compensations()).isEmpty();
    verify(loop.tools, never()).compensate(any());
    ArgumentCaptor<CompensationAuthorizationRequest> asked =
        ArgumentCaptor.forClass(CompensationAuthorizationRequest.class);
    verify(loop.authorization).authorizeCompensation(asked.capture());
    assertThat(asked.getValue().compensation().idempotencyKey())
        .isEqualTo("task-undo-refused/1/0/undo");
    assertThat(loop.ledger.types("task-undo-refused"))
        .containsSubsequence(
            AuditFact.ToolFailed.TYPE,
            AuditFact.VerdictRecorded.TYPE,
            AuditFact.CompensationRefused.TYPE,
            AuditFact.TaskEnded.TYPE)
        .doesNotContain(AuditFact.CompensationExecuted.TYPE);
    assertThat(loop.ledger.events("task-undo-refused"))
        .filteredOn(e -> e.type().equals(AuditFact.CompensationRefused.TYPE))
        .extracting(e -> (AuditFact.CompensationRefused) e.payload())
        .extracting(
            AuditFact.CompensationRefused::tool,
            AuditFact.CompensationRefused::forKey,
            AuditFact.CompensationRefused::outcome,
            AuditFact.CompensationRefused::determiningPolicies)
        .containsExactly(
            tuple(
                "reverse_refund",
                "task-undo-refused/1/0",
                Outcome.DENY,
                java.util.List.of("reverse-refund-applied-only")));
    assertThat(loop.ledger.events("task-undo-refused"))
        .filteredOn(e -> e.type().equals(AuditFact.TaskEnded.TYPE))
        .extracting(e -> ((AuditFact.TaskEnded) e.payload()).state())
        .containsExactly(TaskState.NEEDS_ATTENTION);
  }

  @Test
  void should_run_the_compensation_with_the_permit_of_its_allow_verdict() {
    when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002), propose(EMAIL_C17));
    when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    when(loop.tools.execute(any(ToolInvocation.class)))
        .thenAnswer(
            call -> {
              ToolInvocation invocation = call.getArgument(0);
              if (invocation.call().tool().equals(SupportDesk.SEND_EMAIL)) {
                throw ApplicationFailure.newNonRetryableFailure("relay down", "EmailUndeliverable");
              }
              return SupportDesk.perform(invocation);
            });

    TaskStatus status = loop.run("task-undo-permitted");

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.compensations()).containsExactly("reverse_refund " + REFUND_1002.target());
    assertThat(loop.ledger.events("task-undo-permitted"))
        .filteredOn(e -> e.type().equals(AuditFact.VerdictRecorded.TYPE))
        .extracting(e -> (AuditFact.VerdictRecorded) e.payload())
        .extracting(AuditFact.VerdictRecorded::tool, AuditFact.VerdictRecorded::callIndex)
        .containsExactly(
            tuple("issue_refund", 0), tuple("send_email", 0), tuple("reverse_refund", -1));
  }
}
