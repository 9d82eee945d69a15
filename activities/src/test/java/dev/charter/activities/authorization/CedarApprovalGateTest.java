package dev.charter.activities.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.ToolCall;
import dev.charter.policy.BundleException;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import dev.charter.workflow.activity.ApprovalGate.Check;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs against the real demo bundle and the real Cedar engine. */
class CedarApprovalGateTest {

  private static final ToolCall REFUND =
      new ToolCall(
          "issue_refund",
          "Shop::Order::\"1002\"",
          Map.of("orderId", "1002", "amountCents", "20000"));

  private static CedarApprovalGate gate;

  @BeforeAll
  static void load() throws BundleException {
    PolicyEngine engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    HumanDirectory humans =
        new HumanDirectory(
            Map.of(
                "dana.lead",
                    new HumanDirectory.Human(
                        "dana.lead", "acme", List.of("support_lead", "support_agent")),
                "priya.privacy",
                    new HumanDirectory.Human("priya.privacy", "acme", List.of("privacy_officer")),
                "sam.agent",
                    new HumanDirectory.Human("sam.agent", "acme", List.of("support_agent")),
                "gil.lead",
                    new HumanDirectory.Human("gil.lead", "globex", List.of("support_lead"))));
    gate = new CedarApprovalGate(engine, humans);
  }

  private static PendingApproval pending(List<String> roles) {
    return new PendingApproval(
        "task-1/2/0",
        "acme",
        REFUND,
        ToolCalls.argumentsSha256(REFUND),
        roles,
        PolicyVerdict.of(Outcome.REQUIRE_APPROVAL, List.of(), roles, "b", List.of(), 10));
  }

  private static ApprovalRequest answer(String approver) {
    return new ApprovalRequest("task-1/2/0", approver, null, "customer is right");
  }

  @Test
  void should_allow_in_the_required_role_when_a_lead_of_the_tenant_approves() {
    Check check = gate.authorize(answer("dana.lead"), pending(List.of("support_lead")));

    assertThat(check).isEqualTo(Check.allow("support_lead"));
  }

  @Test
  void should_allow_in_the_role_held_when_any_of_several_roles_may_approve() {
    Check check =
        gate.authorize(
            answer("priya.privacy"), pending(List.of("support_lead", "privacy_officer")));

    assertThat(check).isEqualTo(Check.allow("privacy_officer"));
  }

  @Test
  void should_check_only_the_named_role_when_the_answer_names_one() {
    ApprovalRequest asLead = new ApprovalRequest("task-1/2/0", "dana.lead", "support_lead", "ok");
    ApprovalRequest asOfficer =
        new ApprovalRequest("task-1/2/0", "dana.lead", "privacy_officer", "ok");
    PendingApproval either = pending(List.of("support_lead", "privacy_officer"));

    assertThat(gate.authorize(asLead, either)).isEqualTo(Check.allow("support_lead"));
    assertThat(gate.authorize(asOfficer, either).allowed()).isFalse();
    assertThat(gate.authorize(asOfficer, either).reason())
        .isEqualTo(
            "approver `dana.lead` (roles [support_agent, support_lead]) may not approve"
                + " `issue_refund` for tenant `acme`: requires one of [privacy_officer]");
  }

  @Test
  void should_refuse_when_the_answer_names_a_role_the_approval_does_not_require() {
    ApprovalRequest asAuditor = new ApprovalRequest("task-1/2/0", "dana.lead", "auditor", "ok");

    Check check = gate.authorize(asAuditor, pending(List.of("support_lead")));

    assertThat(check)
        .isEqualTo(
            Check.refuse(
                "approver `dana.lead` answers as `auditor`, but approval `task-1/2/0` requires"
                    + " one of [support_lead]"));
  }

  @Test
  void should_refuse_naming_roles_and_tenant_when_the_human_lacks_the_role() {
    Check check = gate.authorize(answer("sam.agent"), pending(List.of("support_lead")));

    assertThat(check.allowed()).isFalse();
    assertThat(check.reason())
        .isEqualTo(
            "approver `sam.agent` (roles [support_agent]) may not approve `issue_refund` for"
                + " tenant `acme`: requires one of [support_lead]");
  }

  @Test
  void should_refuse_when_a_lead_of_another_tenant_approves() {
    Check check = gate.authorize(answer("gil.lead"), pending(List.of("support_lead")));

    assertThat(check.allowed()).isFalse();
    assertThat(check.reason()).startsWith("approver `gil.lead` (roles [support_lead])");
  }

  @Test
  void should_refuse_when_the_approver_is_unknown() {
    Check check = gate.authorize(answer("mallory"), pending(List.of("support_lead")));

    assertThat(check).isEqualTo(Check.refuse("unknown approver `mallory`"));
  }

  @Test
  void should_refuse_as_stale_when_the_approval_answered_is_not_the_one_pending() {
    Check check =
        gate.authorize(
            new ApprovalRequest("task-1/1/0", "dana.lead", null, "old"),
            pending(List.of("support_lead")));

    assertThat(check.allowed()).isFalse();
    assertThat(check.reason())
        .isEqualTo("stale approval `task-1/1/0`: the task waits for `task-1/2/0`");
  }
}
