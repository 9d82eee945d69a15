package dev.charter.workflow;

import static dev.charter.workflow.GovernedLoop.APPROVER;
import static dev.charter.workflow.GovernedLoop.OUTSIDER;
import static dev.charter.workflow.SupportDesk.EMAIL_C17;
import static dev.charter.workflow.SupportDesk.REFUND_1002;
import static dev.charter.workflow.SupportDesk.VOUCHER_C17;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.answer;
import static dev.charter.workflow.SupportDesk.propose;
import static dev.charter.workflow.SupportDesk.requireApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Compensation;
import dev.charter.contract.GrantedApproval;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * REQUIRE_APPROVAL: the {@code approve} / {@code reject} Updates, their validator, the approval
 * deadline, cancellation while waiting, and the saga that undoes earlier tools.
 */
class AgentTaskApprovalTest {

  private final GovernedLoop loop = new GovernedLoop();

  @AfterEach
  void close() {
    loop.close();
  }

  /** Cedar's answers: refunds and vouchers are allowed, emails need a refund approver's yes. */
  private void emailNeedsApproval() {
    when(loop.authorization.authorizeTool(any()))
        .thenAnswer(
            call -> {
              ToolAuthorizationRequest request = call.getArgument(0);
              if (!request.call().tool().equals(SupportDesk.SEND_EMAIL)) {
                return allow("permit-" + request.call().tool());
              }
              return request.approvals().isEmpty()
                  ? requireApproval("forbid-email-without-approval")
                  : allow("permit-email-with-approval");
            });
  }

  /** Starts a task whose third step (an email) waits for approval after two undoable tools. */
  private String startRefundVoucherThenEmail(String taskId) {
    when(loop.inference.decide(any()))
        .thenReturn(
            propose(REFUND_1002),
            propose(VOUCHER_C17),
            propose(EMAIL_C17),
            answer("Refund and voucher sent."));
    emailNeedsApproval();
    loop.start(taskId);
    loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);
    return taskId + "/3/0";
  }

  private List<HistoryEvent> acceptedUpdates(String taskId) {
    return loop.events(taskId, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  }

  @Test
  void should_run_tool_with_granted_approval_in_context_when_authorized_human_approves() {
    when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17), answer("Customer told."));
    emailNeedsApproval();
    loop.start("task-approve");
    loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);

    TaskStatus waiting = loop.task("task-approve").status();
    assertThat(waiting.state()).isEqualTo(TaskState.WAITING_APPROVAL);
    assertThat(waiting.pendingApproval().approvalId()).isEqualTo("task-approve/1/0");
    assertThat(waiting.pendingApproval().requiredRoles()).containsExactly("refund_approver");
    assertThat(waiting.pendingApproval().argumentsSha256()).isEqualTo(EMAIL_C17.argumentsSha256());
    verify(loop.tools, never()).execute(any());

    String answer =
        loop.task("task-approve")
            .approve(loop.answer("task-approve/1/0", APPROVER, null, "template checked"));
    TaskStatus status = loop.result("task-approve");

    assertThat(answer).isEqualTo("approved task-approve/1/0");
    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.path())
        .extracting(StepRecord::tool, StepRecord::outcome, StepRecord::approvedBy)
        .containsExactly(
            tuple("send_email", Outcome.REQUIRE_APPROVAL, APPROVER), tuple(null, null, null));
    ArgumentCaptor<ToolAuthorizationRequest> asked =
        ArgumentCaptor.forClass(ToolAuthorizationRequest.class);
    verify(loop.authorization, times(2)).authorizeTool(asked.capture());
    assertThat(asked.getAllValues().get(0).approvals()).isEmpty();
    assertThat(asked.getAllValues().get(1).approvals())
        .containsExactly(
            new GrantedApproval(
                "task-approve/1/0", APPROVER, "refund_approver", EMAIL_C17.argumentsSha256()));
    verify(loop.tools).execute(any());
    assertThat(acceptedUpdates("task-approve")).hasSize(1);
    assertThat(loop.ledger.types("task-approve"))
        .containsSubsequence(
            AuditFact.ApprovalRequested.TYPE,
            AuditFact.ApprovalGranted.TYPE,
            AuditFact.ToolExecuted.TYPE);
  }

  @Test
  void should_refuse_update_before_history_when_approver_lacks_the_role() {
    String approvalId = startRefundVoucherThenEmail("task-outsider");

    assertThatThrownBy(
            () ->
                loop.task("task-outsider")
                    .approve(loop.answer(approvalId, OUTSIDER, null, "looks fine")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("`mallory` does not hold role `refund_approver`");

    assertThat(acceptedUpdates("task-outsider")).isEmpty();
    assertThat(loop.history("task-outsider").toJson(false)).doesNotContain(OUTSIDER);
    TaskStatus still = loop.task("task-outsider").status();
    assertThat(still.state()).isEqualTo(TaskState.WAITING_APPROVAL);
    assertThat(still.pendingApproval().approvalId()).isEqualTo(approvalId);
    verify(loop.tools, times(2)).execute(any());

    loop.task("task-outsider").approve(loop.answer(approvalId, APPROVER, null, null));
    TaskStatus status = loop.result("task-outsider");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(acceptedUpdates("task-outsider")).hasSize(1);
    verify(loop.tools, times(3)).execute(any());
  }

  @Test
  void should_refuse_stale_answer_when_approval_id_is_not_the_pending_one() {
    String approvalId = startRefundVoucherThenEmail("task-stale");

    assertThatThrownBy(
            () ->
                loop.task("task-stale")
                    .approve(loop.answer("task-stale/2/0", APPROVER, null, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("stale approval `task-stale/2/0`")
        .hasMessageContaining(approvalId);
    assertThatThrownBy(
            () ->
                loop.task("task-stale").reject(loop.answer("task-stale/9/0", APPROVER, null, null)))
        .isInstanceOf(WorkflowUpdateException.class);

    assertThat(acceptedUpdates("task-stale")).isEmpty();
    assertThat(loop.task("task-stale").status().state()).isEqualTo(TaskState.WAITING_APPROVAL);
  }

  @Test
  void should_compensate_in_reverse_order_when_approval_is_rejected() {
    String approvalId = startRefundVoucherThenEmail("task-reject");

    String answer =
        loop.task("task-reject").reject(loop.answer(approvalId, APPROVER, null, "wrong template"));
    TaskStatus status = loop.result("task-reject");

    assertThat(answer).isEqualTo("rejected " + approvalId);
    assertThat(status.state()).isEqualTo(TaskState.REJECTED);
    assertThat(status.reason()).contains("send_email", "rejected by dana.lead");
    ArgumentCaptor<Compensation> undone = ArgumentCaptor.forClass(Compensation.class);
    InOrder order = inOrder(loop.tools);
    order.verify(loop.tools, times(2)).compensate(undone.capture());
    assertThat(undone.getAllValues())
        .extracting(c -> c.call().tool(), Compensation::forKey)
        .containsExactly(
            tuple("revoke_voucher", "task-reject/2/0"), tuple("reverse_refund", "task-reject/1/0"));
    assertThat(status.compensations())
        .containsExactly(
            "revoke_voucher " + VOUCHER_C17.target(), "reverse_refund " + REFUND_1002.target());
    ArgumentCaptor<ToolInvocation> ran = ArgumentCaptor.forClass(ToolInvocation.class);
    verify(loop.tools, times(2)).execute(ran.capture());
    assertThat(ran.getAllValues())
        .extracting(i -> i.call().tool())
        .doesNotContain(SupportDesk.SEND_EMAIL);
    assertThat(loop.ledger.types("task-reject"))
        .containsSubsequence(
            AuditFact.ApprovalRejected.TYPE,
            AuditFact.CompensationExecuted.TYPE,
            AuditFact.CompensationExecuted.TYPE,
            AuditFact.TaskEnded.TYPE);
  }

  @Test
  void should_end_rejected_with_compensation_when_approval_times_out() {
    when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002), propose(EMAIL_C17));
    emailNeedsApproval();

    // The synchronous run lets the test server skip time up to the approval deadline.
    TaskStatus status = loop.run("task-expire");

    assertThat(status.state()).isEqualTo(TaskState.REJECTED);
    assertThat(status.reason()).isEqualTo("approval timed out");
    verify(loop.tools)
        .compensate(
            new Compensation(
                new ToolCall("reverse_refund", REFUND_1002.target(), REFUND_1002.arguments()),
                "task-expire/1/0/undo",
                "task-expire/1/0",
                "compensation-permit"));
    assertThat(loop.ledger.types("task-expire"))
        .containsSubsequence(
            AuditFact.ApprovalRequested.TYPE,
            AuditFact.ApprovalExpired.TYPE,
            AuditFact.CompensationExecuted.TYPE);
  }

  @Test
  void should_end_cancelled_with_compensation_when_cancel_signal_arrives_during_approval() {
    startRefundVoucherThenEmail("task-cancel");

    loop.task("task-cancel").cancel("customer withdrew the ticket");
    TaskStatus status = loop.result("task-cancel");

    assertThat(status.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(status.reason()).isEqualTo("cancelled: customer withdrew the ticket");
    assertThat(status.compensations()).hasSize(2);
    verify(loop.tools, times(2)).compensate(any());
    assertThat(loop.ledger.types("task-cancel"))
        .containsSubsequence(
            AuditFact.ApprovalCancelled.TYPE,
            AuditFact.CompensationExecuted.TYPE,
            AuditFact.TaskEnded.TYPE);
  }

  @Test
  void should_compensate_then_report_cancellation_when_temporal_cancels_during_approval() {
    startRefundVoucherThenEmail("task-temporal-cancel");

    loop.client.newUntypedWorkflowStub("task-temporal-cancel").cancel();

    assertThatThrownBy(() -> loop.result("task-temporal-cancel"))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    verify(loop.tools, times(2)).compensate(any());
    assertThat(loop.ledger.events("task-temporal-cancel"))
        .last()
        .satisfies(
            ended -> {
              assertThat(ended.type()).isEqualTo(AuditFact.TaskEnded.TYPE);
              assertThat(((AuditFact.TaskEnded) ended.payload()).state())
                  .isEqualTo(TaskState.CANCELLED);
            });
  }

  @Test
  void should_proceed_only_when_distinct_humans_cover_every_role_of_a_four_eyes_approval() {
    when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17), answer("Customer told."));
    when(loop.authorization.authorizeTool(any()))
        .thenAnswer(
            call ->
                call.<ToolAuthorizationRequest>getArgument(0).approvals().size() < 2
                    ? PolicyVerdict.of(
                        Outcome.REQUIRE_APPROVAL,
                        List.of("forbid-email-without-approval"),
                        List.of("refund_approver", "privacy_officer"),
                        SupportDesk.BUNDLE_HASH,
                        List.of(),
                        40)
                    : allow("permit-email-with-approval"));
    loop.start("task-roles");
    loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);
    String approvalId = "task-roles/1/0";

    // the requester may not approve their own task, even holding the role
    assertThatThrownBy(
            () ->
                loop.task("task-roles")
                    .approve(loop.answer(approvalId, GovernedLoop.REQUESTER, null, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("asked for task `task-roles` and may not answer");

    ApprovalRequest first = loop.answer(approvalId, APPROVER, null, "first pair of eyes");
    assertThat(loop.task("task-roles").approve(first))
        .contains("approved task-roles/1/0 as refund_approver by dana.lead")
        .contains("still waiting for [privacy_officer]");
    TaskStatus waiting = loop.task("task-roles").status();
    assertThat(waiting.state()).isEqualTo(TaskState.WAITING_APPROVAL);
    assertThat(waiting.pendingApproval().missingRoles()).containsExactly("privacy_officer");
    verify(loop.tools, never()).execute(any());

    // the same token again: replay
    assertThatThrownBy(() -> loop.task("task-roles").approve(first))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("was used already (replay)");
    // the same human with a fresh token: four eyes need another human
    assertThatThrownBy(
            () -> loop.task("task-roles").approve(loop.answer(approvalId, APPROVER, null, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("`dana.lead` already approved");
    assertThat(acceptedUpdates("task-roles")).hasSize(1);

    loop.task("task-roles")
        .approve(loop.answer(approvalId, GovernedLoop.SECOND_APPROVER, null, "second pair"));
    TaskStatus status = loop.result("task-roles");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.path().get(0).approvedBy()).isEqualTo("dana.lead, pat.privacy");
    ArgumentCaptor<ToolAuthorizationRequest> asked =
        ArgumentCaptor.forClass(ToolAuthorizationRequest.class);
    verify(loop.authorization, times(2)).authorizeTool(asked.capture());
    assertThat(asked.getAllValues().get(1).approvals())
        .extracting(GrantedApproval::approver, GrantedApproval::role)
        .containsExactly(
            tuple("dana.lead", "refund_approver"), tuple("pat.privacy", "privacy_officer"));
    assertThat(acceptedUpdates("task-roles")).hasSize(2);
    assertThat(loop.ledger.types("task-roles"))
        .containsSubsequence(
            AuditFact.ApprovalRequested.TYPE,
            AuditFact.ApprovalGranted.TYPE,
            AuditFact.ApprovalGranted.TYPE);
  }

  @Test
  void should_refuse_a_replayed_answer_when_its_approval_was_already_granted() {
    when(loop.inference.decide(any()))
        .thenReturn(propose(EMAIL_C17), propose(EMAIL_C17), answer("Customer told twice."));
    emailNeedsApproval();
    loop.start("task-twice");
    loop.ledger.awaitApprovalRequested("task-twice/1/0");
    loop.task("task-twice").approve(loop.answer("task-twice/1/0", APPROVER, null, null));

    // Step 2 asks again; the answer to step 1 must not count for it.
    loop.ledger.awaitApprovalRequested("task-twice/2/0");
    assertThatThrownBy(
            () ->
                loop.task("task-twice")
                    .approve(loop.answer("task-twice/1/0", APPROVER, null, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("stale approval `task-twice/1/0`");
    loop.task("task-twice").approve(loop.answer("task-twice/2/0", APPROVER, null, null));

    assertThat(loop.result("task-twice").state()).isEqualTo(TaskState.COMPLETED);
    assertThat(acceptedUpdates("task-twice")).hasSize(2);
  }

  @Test
  void should_end_denied_without_running_tool_when_reauthorization_with_approval_still_refuses() {
    when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17));
    when(loop.authorization.authorizeTool(any()))
        .thenReturn(requireApproval("forbid-email-without-approval"));
    loop.start("task-still-refused");
    loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);

    loop.task("task-still-refused")
        .approve(loop.answer("task-still-refused/1/0", APPROVER, null, null));
    TaskStatus status = loop.result("task-still-refused");

    assertThat(status.state()).isEqualTo(TaskState.DENIED);
    assertThat(status.path())
        .extracting(StepRecord::outcome, StepRecord::approvedBy, StepRecord::result)
        .containsExactly(tuple(Outcome.REQUIRE_APPROVAL, APPROVER, "denied"));
    verify(loop.tools, never()).execute(any());
  }

  @Test
  void should_ask_approval_for_second_call_of_a_step_when_first_call_is_allowed() {
    when(loop.inference.decide(any()))
        .thenReturn(propose(REFUND_1002, EMAIL_C17), answer("Refunded and told."));
    emailNeedsApproval();
    loop.start("task-two-calls");
    loop.ledger.awaitApprovalRequested("task-two-calls/1/1");

    loop.task("task-two-calls").approve(loop.answer("task-two-calls/1/1", APPROVER, null, null));
    TaskStatus status = loop.result("task-two-calls");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    ArgumentCaptor<ToolInvocation> ran = ArgumentCaptor.forClass(ToolInvocation.class);
    verify(loop.tools, times(2)).execute(ran.capture());
    assertThat(ran.getAllValues())
        .extracting(ToolInvocation::idempotencyKey)
        .containsExactly("task-two-calls/1/0", "task-two-calls/1/1");
    assertThat(status.path())
        .extracting(StepRecord::tool, StepRecord::approvedBy)
        .containsExactly(
            tuple("issue_refund", null), tuple("send_email", APPROVER), tuple(null, null));
  }

  @Test
  void should_need_attention_and_undo_the_rest_when_one_compensation_fails() {
    when(loop.tools.compensate(any(Compensation.class)))
        .thenAnswer(
            call -> {
              Compensation compensation = call.getArgument(0);
              if (compensation.call().tool().equals("revoke_voucher")) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "voucher of customer `c-17` was already redeemed", "VoucherRedeemed");
              }
              return SupportDesk.undo(compensation);
            });
    String approvalId = startRefundVoucherThenEmail("task-undo-fails");

    loop.task("task-undo-fails").reject(loop.answer(approvalId, APPROVER, null, "no"));
    TaskStatus status = loop.result("task-undo-fails");

    // A side effect left in place is never silent: the task needs an operator, and says why.
    assertThat(status.state()).isEqualTo(TaskState.NEEDS_ATTENTION);
    assertThat(status.reason())
        .startsWith("`send_email` rejected by " + APPROVER)
        .contains("`revoke_voucher` on Shop::Customer::\"c-17\" failed (VoucherRedeemed");
    assertThat(status.compensations()).containsExactly("reverse_refund " + REFUND_1002.target());
    verify(loop.tools, times(2)).compensate(any());
    assertThat(loop.ledger.events("task-undo-fails"))
        .filteredOn(e -> e.type().equals(AuditFact.CompensationExecuted.TYPE))
        .extracting(e -> (AuditFact.CompensationExecuted) e.payload())
        .extracting(AuditFact.CompensationExecuted::tool, AuditFact.CompensationExecuted::outcome)
        .containsExactly(tuple("revoke_voucher", "failed"), tuple("reverse_refund", "done"));
  }
}
