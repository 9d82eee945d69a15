package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Engine semantics on a small purpose-built bundle (the demo bundle has its own cases). */
class PolicyEngineTest {

  private static final String SCHEMA =
      """
      namespace Charter {
        entity Agent = { tenant: String };
        entity Invoice;
        action "pay" appliesTo {
          principal: [Agent], resource: [Invoice],
          context: { amount: Long, approvals: Set<String> }
        };
      }
      """;

  private static final String POLICIES =
      """
      // Agents pay invoices.
      @id("pay")
      permit (principal, action == Charter::Action::"pay", resource);

      // Above 100 finance approves.
      @id("finance-approval")
      @approval("finance")
      forbid (principal, action == Charter::Action::"pay", resource)
      when { context.amount > 100 } unless { context.approvals.contains("finance") };

      // Whatever finance approves, an auditor countersigns.
      @id("auditor-countersign")
      @approval("auditor")
      forbid (principal, action == Charter::Action::"pay", resource)
      when { context.approvals.contains("finance") } unless { context.approvals.contains("auditor") };

      // Nothing above a million.
      @id("hard-cap")
      forbid (principal, action == Charter::Action::"pay", resource)
      when { context.amount > 1000000 };

      // Amounts so large that this overflows make evaluation fail.
      @id("overflow-probe")
      forbid (principal, action == Charter::Action::"pay", resource)
      when { context.amount * 1000000000000 < 0 };
      """;

  private static PolicyEngine engine;

  @BeforeAll
  static void load() throws BundleException {
    engine =
        new PolicyEngine(
            PolicyBundle.fromFiles(
                Map.of(
                    "bundle.json", "{\"name\": \"payments\"}",
                    "charter.cedarschema", SCHEMA,
                    "payments.cedar", POLICIES)));
  }

  private static AccessRequest pay(Object amount, Set<String> approvals) {
    return new AccessRequest(
        new EntityRef("Charter::Agent", "payer"),
        "pay",
        new EntityRef("Charter::Invoice", "inv-1"),
        Map.of("amount", amount, "approvals", approvals),
        List.of(
            new EntityData(
                new EntityRef("Charter::Agent", "payer"), Map.of("tenant", "acme"), Set.of())));
  }

  @Test
  void should_allow_with_the_permit_id_when_no_forbid_applies() {
    PolicyDecision decision = engine.decide(pay(50L, Set.of()));

    assertThat(decision.outcome()).isEqualTo(Verdict.ALLOW);
    assertThat(decision.determiningPolicies()).containsExactly("pay");
    assertThat(decision.requiredRoles()).isEmpty();
    assertThat(decision.errors()).isEmpty();
    assertThat(decision.bundleId()).isEqualTo(engine.bundle().id());
  }

  @Test
  void should_require_every_role_discovered_in_turn_when_approvals_chain() {
    PolicyDecision decision = engine.decide(pay(500, Set.of()));

    assertThat(decision.outcome()).isEqualTo(Verdict.REQUIRE_APPROVAL);
    assertThat(decision.requiredRoles()).containsExactly("finance", "auditor");
    assertThat(decision.determiningPolicies())
        .containsExactly("finance-approval", "auditor-countersign");
  }

  @Test
  void should_require_only_the_missing_role_when_one_approval_is_already_granted() {
    PolicyDecision decision = engine.decide(pay(500L, Set.of("finance")));

    assertThat(decision.outcome()).isEqualTo(Verdict.REQUIRE_APPROVAL);
    assertThat(decision.requiredRoles()).containsExactly("auditor");
    assertThat(decision.determiningPolicies()).containsExactly("auditor-countersign");
  }

  @Test
  void should_allow_when_every_required_approval_is_granted() {
    PolicyDecision decision = engine.decide(pay(500L, Set.of("finance", "auditor")));

    assertThat(decision.outcome()).isEqualTo(Verdict.ALLOW);
    assertThat(decision.determiningPolicies()).containsExactly("pay");
  }

  @Test
  void should_deny_with_the_hard_forbid_when_an_approval_forbid_is_not_alone() {
    PolicyDecision decision = engine.decide(pay(2_000_000L, Set.of()));

    assertThat(decision.outcome()).isEqualTo(Verdict.DENY);
    assertThat(decision.determiningPolicies()).containsExactly("finance-approval", "hard-cap");
    assertThat(decision.requiredRoles()).isEmpty();
  }

  @Test
  void should_report_the_forbid_that_applied_apart_from_the_policy_that_failed() {
    PolicyDecision decision = engine.decide(pay(50_000_000L, Set.of("finance", "auditor")));

    assertThat(decision.outcome()).isEqualTo(Verdict.DENY);
    assertThat(decision.cedarDecision()).isEqualTo(Verdict.DENY);
    assertThat(decision.determiningPolicies()).containsExactly("hard-cap");
    assertThat(decision.erroringPolicyIds()).containsExactly("overflow-probe");
    assertThat(decision.erroringPolicies().get(0).message()).contains("overflow");
    assertThat(decision.errors()).singleElement().asString().contains("overflow-probe");
    assertThat(decision.failClosed()).isFalse();
  }

  @Test
  void should_deny_quoting_the_value_when_a_double_is_given() {
    PolicyDecision decision = engine.decide(pay(1.5d, Set.of()));

    assertThat(decision.outcome()).isEqualTo(Verdict.DENY);
    assertThat(decision.errors())
        .singleElement()
        .asString()
        .contains("`context.amount` = `1.5` (Double)");
  }

  @Test
  void should_deny_with_errors_when_the_context_does_not_match_the_schema() {
    AccessRequest request =
        new AccessRequest(
            new EntityRef("Charter::Agent", "payer"),
            "pay",
            new EntityRef("Charter::Invoice", "inv-1"),
            Map.of("amount", "fifty", "approvals", Set.of()),
            List.of());

    PolicyDecision decision = engine.decide(request);

    assertThat(decision.outcome()).isEqualTo(Verdict.DENY);
    assertThat(decision.errors()).isNotEmpty();
  }

  @Test
  void should_deny_with_errors_when_the_action_is_not_in_the_schema() {
    AccessRequest request =
        new AccessRequest(
            new EntityRef("Charter::Agent", "payer"),
            "refund",
            new EntityRef("Charter::Invoice", "inv-1"),
            Map.of(),
            List.of());

    PolicyDecision decision = engine.decide(request);

    assertThat(decision.outcome()).isEqualTo(Verdict.DENY);
    assertThat(decision.errors()).isNotEmpty();
  }

  @Test
  void should_give_identical_verdicts_when_called_from_many_threads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<PolicyDecision>> futures =
          pool.invokeAll(
              java.util.Collections.nCopies(40, () -> engine.decide(pay(500L, Set.of("finance")))));
      for (Future<PolicyDecision> future : futures) {
        assertThat(future.get().outcome()).isEqualTo(Verdict.REQUIRE_APPROVAL);
        assertThat(future.get().requiredRoles()).containsExactly("auditor");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
