package dev.charter.workflow;

import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.contract.Compensation;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Decision;
import dev.charter.contract.ModelProvenance;
import dev.charter.contract.Observation;
import dev.charter.contract.Outcome;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import java.util.List;
import java.util.Map;

/**
 * The support-desk domain the workflow tests speak: a refund ticket, the profile pinned for it, and
 * what the model, Cedar and the tools answer along the way.
 */
final class SupportDesk {

  static final String PROFILE = "support-agent";
  static final String BUNDLE_HASH =
      "9f2c4e1ab7d03c58e6f1a2b4c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0";
  static final BackendRef IN_PROCESS =
      new BackendRef("in-process-intent", "in_process", "charter", "eu", false);
  static final BackendRef CLOSED_API =
      new BackendRef("closed-api-gpt", "closed_api", "openai", "us", true);

  static final String LOOKUP_ORDER = "lookup_order";
  static final String ISSUE_REFUND = "issue_refund";
  static final String GRANT_VOUCHER = "grant_voucher";
  static final String SEND_EMAIL = "send_email";

  static final ToolCall LOOKUP_1002 =
      new ToolCall(LOOKUP_ORDER, "Shop::Order::\"1002\"", Map.of("orderId", "1002"));
  static final ToolCall REFUND_1002 =
      new ToolCall(
          ISSUE_REFUND, "Shop::Order::\"1002\"", Map.of("orderId", "1002", "amountCents", "25000"));
  static final ToolCall VOUCHER_C17 =
      new ToolCall(
          GRANT_VOUCHER, "Shop::Customer::\"c-17\"", Map.of("customerId", "c-17", "cents", "500"));
  static final ToolCall EMAIL_C17 =
      new ToolCall(
          SEND_EMAIL,
          "Shop::Customer::\"c-17\"",
          Map.of("customerId", "c-17", "template", "refund_done"));

  static final String APPROVER_ROLE = "refund_approver";

  private SupportDesk() {}

  static Budgets budgets(int maxSteps) {
    return new Budgets(maxSteps, 10_000, 1.0, 86_400, 600);
  }

  static TaskPin pin() {
    return pin(budgets(6));
  }

  static TaskPin pin(Budgets budgets) {
    return TaskPin.of(
        PROFILE,
        "3",
        "acme",
        "MEDIUM",
        "eu",
        BUNDLE_HASH,
        "routes-7",
        List.of(IN_PROCESS, CLOSED_API),
        List.of(LOOKUP_ORDER, ISSUE_REFUND, GRANT_VOUCHER, SEND_EMAIL),
        budgets);
  }

  static TaskRequest refundTicket(String taskId) {
    return new TaskRequest(
        taskId,
        PROFILE,
        "Refund order 1002: the parcel arrived broken",
        List.of(
            new TaskInput(
                "ticket",
                "customer_email",
                "My order 1002 arrived broken, please refund it.",
                Map.of("orderId", "1002", "customerId", "c-17", "amountCents", "25000"))),
        "desk.agent@acme.example",
        null,
        null);
  }

  static Observation observe(PerceptionRequest request) {
    return new Observation(
        request.step(),
        "c0ffee" + request.step(),
        "My order 1002 arrived broken, please refund it.",
        new DataLabels("CONFIDENTIAL", List.of(), request.residency()),
        !request.toolResults().isEmpty(),
        List.of("customer_email"));
  }

  static RouteDecision inProcessOnly() {
    return new RouteDecision(
        List.of(IN_PROCESS),
        List.of(deny("forbid-confidential-to-retaining-backend")),
        List.of(CLOSED_API.name()));
  }

  static RouteDecision noBackendPermitted() {
    return new RouteDecision(
        List.of(),
        List.of(
            deny("forbid-eu-data-off-region"), deny("forbid-confidential-to-retaining-backend")),
        List.of(IN_PROCESS.name(), CLOSED_API.name()));
  }

  static ModelProvenance provenance() {
    return new ModelProvenance(
        IN_PROCESS.name(),
        "in_process",
        "charter",
        "support-intent-head",
        "2026.11",
        "5be1d0a3",
        Map.of("seed", "7", "temperature", "0"),
        8_000,
        120,
        15,
        0.0,
        List.of(IN_PROCESS.name()));
  }

  static Decision propose(ToolCall... calls) {
    return new Decision(
        List.of(calls), null, "refund_request", 0.93, "ticket asks for a refund", provenance());
  }

  static Decision answer(String text) {
    return new Decision(List.of(), text, "refund_request", 0.97, "refund done", provenance());
  }

  static PolicyVerdict allow(String policyId) {
    return PolicyVerdict.of(
        Outcome.ALLOW, List.of(policyId), List.of(), BUNDLE_HASH, List.of(), 40);
  }

  static PolicyVerdict deny(String policyId) {
    return PolicyVerdict.of(Outcome.DENY, List.of(policyId), List.of(), BUNDLE_HASH, List.of(), 40);
  }

  static PolicyVerdict requireApproval(String policyId) {
    return PolicyVerdict.of(
        Outcome.REQUIRE_APPROVAL,
        List.of(policyId),
        List.of(APPROVER_ROLE),
        BUNDLE_HASH,
        List.of(),
        40);
  }

  /** What a tool returns: refunds and vouchers can be undone, lookups and emails change nothing. */
  static ToolResult perform(ToolInvocation invocation) {
    ToolCall call = invocation.call();
    Compensation compensation =
        switch (call.tool()) {
          case ISSUE_REFUND ->
              new Compensation(
                  new ToolCall("reverse_refund", call.target(), call.arguments()),
                  invocation.idempotencyKey() + "/undo",
                  invocation.idempotencyKey());
          case GRANT_VOUCHER ->
              new Compensation(
                  new ToolCall("revoke_voucher", call.target(), call.arguments()),
                  invocation.idempotencyKey() + "/undo",
                  invocation.idempotencyKey());
          default -> null;
        };
    return new ToolResult(
        call.tool(),
        invocation.idempotencyKey(),
        Map.of("status", "ok", "tool", call.tool()),
        false,
        compensation);
  }

  static ToolResult undo(Compensation compensation) {
    return new ToolResult(
        compensation.call().tool(),
        compensation.idempotencyKey(),
        Map.of("status", "undone"),
        false,
        null);
  }
}
