package dev.charter.workflow;

import static dev.charter.workflow.SupportDesk.EMAIL_C17;
import static dev.charter.workflow.SupportDesk.LOOKUP_1002;
import static dev.charter.workflow.SupportDesk.REFUND_1002;
import static dev.charter.workflow.SupportDesk.VOUCHER_C17;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.answer;
import static dev.charter.workflow.SupportDesk.deny;
import static dev.charter.workflow.SupportDesk.propose;
import static dev.charter.workflow.SupportDesk.requireApproval;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.charter.contract.AuditFact;
import dev.charter.contract.Budgets;
import dev.charter.contract.CompensationAuthorizationRequest;
import dev.charter.contract.Decision;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolInvocation;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * The scenarios whose histories are committed as goldens, each run on a {@link GovernedLoop} with
 * mocked activities. Together they cover every command the loop issues: activities, local
 * activities, the version marker, accepted Updates, a signal-free timer expiry and compensations.
 */
enum GoldenScenario {

  /** Two allowed tools, then a final answer. */
  ALLOW("allow", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any()))
          .thenReturn(propose(LOOKUP_1002), propose(REFUND_1002), answer("Refunded order 1002."));
      when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    }
  },

  /** An email waits for approval; an authorized human approves through the Update. */
  APPROVAL("approval", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17), answer("Customer told."));
      emailNeedsApproval(loop);
    }

    @Override
    void drive(GovernedLoop loop, String taskId) {
      loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);
      loop.task(taskId)
          .approve(loop.answer(taskId + "/1/0", GovernedLoop.APPROVER, null, "checked"));
    }
  },

  /**
   * The approval scenario with payload encryption on (golden key): replay must read an encrypted
   * history through the codec.
   */
  APPROVAL_ENCRYPTED("approval-encrypted", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      APPROVAL.script(loop);
    }

    @Override
    void drive(GovernedLoop loop, String taskId) {
      APPROVAL.drive(loop, taskId);
    }

    @Override
    boolean encrypted() {
      return true;
    }
  },

  /** A refund, then an email that fails permanently: the refund is compensated. */
  COMPENSATION("compensation", TaskState.FAILED) {
    @Override
    void script(GovernedLoop loop) {
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
    }
  },

  /** A refund and a voucher, then the email's approval is rejected: both undone, newest first. */
  REJECTION("rejection", TaskState.REJECTED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any()))
          .thenReturn(propose(REFUND_1002), propose(VOUCHER_C17), propose(EMAIL_C17));
      emailNeedsApproval(loop);
    }

    @Override
    void drive(GovernedLoop loop, String taskId) {
      loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);
      loop.task(taskId).reject(loop.answer(taskId + "/3/0", GovernedLoop.APPROVER, null, "no"));
    }
  },

  /**
   * Change id {@code compensation-authorized}: a refund and a voucher, then an email fails; each
   * compensation is put to Cedar first. The voucher's undo is allowed and runs with its permit; the
   * refund's is refused, so the task ends needing attention.
   */
  COMPENSATION_AUTHORIZED("compensation-authorized", TaskState.NEEDS_ATTENTION) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any()))
          .thenReturn(propose(REFUND_1002), propose(VOUCHER_C17), propose(EMAIL_C17));
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
          .thenAnswer(
              call -> {
                CompensationAuthorizationRequest request = call.getArgument(0);
                return request.compensation().call().tool().equals("reverse_refund")
                    ? SupportDesk.deny("reverse-refund-applied-only")
                    : allow("revoke-voucher").withPermit("golden-compensation-permit");
              });
    }
  },

  /**
   * Change id {@code approval-token}: an email needs a refund approver and a privacy officer; two
   * distinct humans answer through the Update, each with a signed approval token (CLI path).
   */
  /**
   * Change id {@code state-search-attribute}: a refund allowed, then an email denied; the task's
   * state is upserted as {@code CharterState} (RUNNING, then DENIED) and shown as current details.
   */
  STATE_SEARCH_ATTRIBUTE("state-search-attribute", TaskState.DENIED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002), propose(EMAIL_C17));
      when(loop.authorization.authorizeTool(any()))
          .thenAnswer(
              call ->
                  call.<ToolAuthorizationRequest>getArgument(0)
                          .call()
                          .tool()
                          .equals(SupportDesk.SEND_EMAIL)
                      ? deny("forbid-email-on-tainted-step")
                      : allow("permit-refund-under-limit"));
    }
  },

  APPROVAL_TOKEN("approval-token", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17), answer("Customer told."));
      when(loop.authorization.authorizeTool(any()))
          .thenAnswer(
              call ->
                  call.<ToolAuthorizationRequest>getArgument(0).approvals().size() < 2
                      ? PolicyVerdict.of(
                          Outcome.REQUIRE_APPROVAL,
                          List.of("forbid-email-without-approval"),
                          List.of(SupportDesk.APPROVER_ROLE, "privacy_officer"),
                          SupportDesk.BUNDLE_HASH,
                          List.of(),
                          40)
                      : allow("permit-email-with-approval"));
    }

    @Override
    void drive(GovernedLoop loop, String taskId) {
      loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);
      String approvalId = taskId + "/1/0";
      loop.task(taskId).approve(loop.answer(approvalId, GovernedLoop.APPROVER, null, "checked"));
      loop.task(taskId)
          .approve(loop.answer(approvalId, GovernedLoop.SECOND_APPROVER, null, "checked too"));
    }
  },

  /**
   * Change id {@code pin-forward}: a profile that follows the active bundle; the bundle switches
   * before the first step, so the pin moves (audited as {@code task.pin_moved}) and the task runs
   * under the new bundle.
   */
  PIN_FORWARD("pin-forward", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.setup.pin(any(TaskRequest.class)))
          .thenReturn(SupportDesk.pin().withPinForward(true));
      when(loop.setup.activeBundle()).thenReturn(NEXT_BUNDLE_HASH);
      when(loop.inference.decide(any()))
          .thenReturn(propose(LOOKUP_1002), answer("Order 1002 is on its way."));
      when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    }
  },

  /**
   * Change id {@code approval-rebind}: the email is approved, but the bundle switched while it
   * waited, so the approval did not count; the task asks again under the new bundle, a human
   * approves again, and the email goes out.
   */
  APPROVAL_REBIND("approval-rebind", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17), answer("Customer told."));
      when(loop.authorization.authorizeTool(any()))
          .thenAnswer(
              call -> {
                ToolAuthorizationRequest request = call.getArgument(0);
                // asked under the pinned bundle; the switch makes the first approval void
                String active =
                    request.approvals().isEmpty() ? SupportDesk.BUNDLE_HASH : NEXT_BUNDLE_HASH;
                boolean approvedUnderActive =
                    !request.approvals().isEmpty()
                        && NEXT_BUNDLE_HASH.equals(request.approvals().get(0).bundleHash());
                Outcome outcome = approvedUnderActive ? Outcome.ALLOW : Outcome.REQUIRE_APPROVAL;
                return PolicyVerdict.builder(outcome, active)
                    .determiningPolicies(
                        List.of(
                            approvedUnderActive
                                ? "permit-email-with-approval"
                                : "forbid-email-without-approval"))
                    .requiredRoles(
                        approvedUnderActive ? List.of() : List.of(SupportDesk.APPROVER_ROLE))
                    .evaluationMicros(41)
                    .pinned(SupportDesk.BUNDLE_HASH, outcome)
                    .active(active, outcome)
                    .build();
              });
    }

    @Override
    void drive(GovernedLoop loop, String taskId) {
      String first = taskId + "/1/0";
      loop.ledger.awaitApprovalRequested(first);
      loop.task(taskId).approve(loop.answer(first, GovernedLoop.APPROVER, null, "checked"));
      String again = first + "/2";
      loop.ledger.awaitApprovalRequested(again);
      loop.task(taskId).approve(loop.answer(again, GovernedLoop.APPROVER, null, "checked again"));
    }
  },

  /**
   * Change id {@code intent-change-recorded}: the first decision is a refund, the next one answers
   * as an order-status question; the change of intent is recorded as {@code model.intent_changed}.
   */
  INTENT_CHANGE("intent-change", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      Decision statusAnswer =
          new Decision(
              List.of(),
              "Order 1002 was delivered.",
              "order_status",
              0.81,
              "tool result shows delivery",
              SupportDesk.provenance());
      when(loop.inference.decide(any())).thenReturn(propose(LOOKUP_1002), statusAnswer);
      when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    }
  },

  /**
   * Change id {@code continue-as-new}: a profile whose runs take two steps; after two lookups the
   * task continues as new (the golden holds that first run, ending in continued-as-new) and answers
   * in its second run.
   */
  CONTINUE_AS_NEW("continue-as-new", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.setup.pin(any(TaskRequest.class)))
          .thenReturn(SupportDesk.pin(new Budgets(6, 10_000, 1.0, 86_400, 600, 2)));
      when(loop.inference.decide(any()))
          .thenReturn(propose(LOOKUP_1002), propose(LOOKUP_1002), answer("Order 1002 is late."));
      when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    }
  },

  /**
   * Change id {@code local-perception}: the allow scenario with perception as a local activity (one
   * marker per step, its input not in history).
   */
  LOCAL_PERCEPTION("local-perception", TaskState.COMPLETED) {
    @Override
    void script(GovernedLoop loop) {
      ALLOW.script(loop);
    }
  },

  /** Nobody answers: the approval deadline timer fires and the refund is compensated. */
  APPROVAL_TIMEOUT("approval-timeout", TaskState.REJECTED) {
    @Override
    void script(GovernedLoop loop) {
      when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002), propose(EMAIL_C17));
      emailNeedsApproval(loop);
    }
  };

  /** The bundle a switch activates in the pin-forward and approval-rebind scenarios. */
  static final String NEXT_BUNDLE_HASH = "b2b2b2b2";

  final String fileStem;
  final TaskState expectedEnd;

  GoldenScenario(String fileStem, TaskState expectedEnd) {
    this.fileStem = fileStem;
    this.expectedEnd = expectedEnd;
  }

  /** Stubs the model and Cedar for the scenario. */
  abstract void script(GovernedLoop loop);

  /** Whether the scenario runs with payload encryption (the golden key). */
  boolean encrypted() {
    return false;
  }

  /** What a human does while the task runs; nothing by default. */
  void drive(GovernedLoop loop, String taskId) {}

  /** The task id is the golden's file name without {@code .json}: replay needs it back. */
  String taskId() {
    return "mock-" + fileStem;
  }

  /** Runs the scenario to its end and returns the final status. */
  TaskStatus run(GovernedLoop loop) {
    script(loop);
    loop.start(taskId());
    drive(loop, taskId());
    return loop.result(taskId());
  }

  private static void emailNeedsApproval(GovernedLoop loop) {
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
}
