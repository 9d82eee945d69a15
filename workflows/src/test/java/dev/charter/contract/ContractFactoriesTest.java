package dev.charter.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named factories and builders of the contract records say what the nulls used to. */
class ContractFactoriesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void should_build_a_verdict_of_both_bundles_equal_to_the_record_spelled_out() {
    PolicyVerdict.ShadowVerdict shadow =
        new PolicyVerdict.ShadowVerdict("s-1", Outcome.DENY, List.of("p-9"), false);

    PolicyVerdict built =
        PolicyVerdict.builder(Outcome.REQUIRE_APPROVAL, "b-1")
            .determiningPolicies(List.of("refund-over-limit"))
            .requiredRoles(List.of("support_lead"))
            .evaluationMicros(12)
            .pinned("b-1", Outcome.REQUIRE_APPROVAL)
            .active("b-2", Outcome.ALLOW)
            .shadow(shadow)
            .build();

    assertThat(built)
        .isEqualTo(
            new PolicyVerdict(
                Outcome.REQUIRE_APPROVAL,
                List.of("refund-over-limit"),
                List.of("support_lead"),
                "b-1",
                List.of(),
                12,
                "b-1",
                "b-2",
                Outcome.REQUIRE_APPROVAL,
                Outcome.ALLOW,
                shadow,
                List.of(),
                null,
                null,
                null,
                null,
                null));
  }

  @Test
  void should_write_a_one_bundle_verdict_as_before_and_fail_closed_only_with_cedars_outcome() {
    PolicyVerdict plain = PolicyVerdict.of(Outcome.ALLOW, List.of("p-1"), List.of(), "b", null, 3);
    PolicyVerdict failedClosed =
        PolicyVerdict.builder(Outcome.DENY, "b")
            .erroringPolicies(List.of(new PolicyVerdict.PolicyError("p-2", "overflow")))
            .failedClosed(Outcome.ALLOW)
            .build();

    assertThat(JSON.<com.fasterxml.jackson.databind.JsonNode>valueToTree(plain).toString())
        .isEqualTo(
            "{\"outcome\":\"ALLOW\",\"determiningPolicies\":[\"p-1\"],\"requiredRoles\":[],"
                + "\"bundleHash\":\"b\",\"errors\":[],\"evaluationMicros\":3}");
    assertThat(plain.failClosed()).isNull();
    assertThat(failedClosed.failClosed()).isTrue();
    assertThat(failedClosed.cedarOutcome()).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void should_pin_forward_and_record_the_requested_tier_only_when_asked() {
    Budgets budgets = new Budgets(10, 1000, 1.0, 60, 300);
    TaskPin pin =
        TaskPin.of(
            "support-desk",
            "3",
            "acme",
            "HIGH",
            "eu",
            "b-1",
            "r-1",
            List.of(),
            List.of("issue_refund"),
            budgets);

    TaskPin raised = pin.withPinForward(true).withRequestedRiskTier("LOW");

    assertThat(pin.pinForward()).isFalse();
    assertThat(pin.requestedRiskTier()).isNull();
    assertThat(pin.buildCommit()).isNull();
    assertThat(raised.pinForward()).isTrue();
    assertThat(raised.requestedRiskTier()).isEqualTo("LOW");
    assertThat(raised.withBundleHash("b-2").requestedRiskTier()).isEqualTo("LOW");
    assertThat(raised.withPinForward(false))
        .isEqualTo(
            new TaskPin(
                "support-desk",
                "3",
                "acme",
                "HIGH",
                "eu",
                "b-1",
                "r-1",
                List.of(),
                List.of("issue_refund"),
                budgets,
                false,
                null,
                null,
                "LOW"));
  }
}
