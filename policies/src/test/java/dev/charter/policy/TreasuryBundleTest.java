package dev.charter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bundle in its own namespace ({@code Treasury}) whose entities carry an entity set (verified
 * destinations), a set of records (refunds), tags and every extension type; its cases cover each
 * feature, including a policy that fails to evaluate.
 */
class TreasuryBundleTest {

  private static final EntityRef AGENT = new EntityRef("Treasury::Agent", "pay-bot");
  private static final EntityRef ACCOUNT = new EntityRef("Treasury::Account", "acct-1");
  private static final EntityRef DESTINATION = new EntityRef("Treasury::Destination", "iban-de-1");

  private static PolicyBundle bundle;

  @BeforeAll
  static void load() throws BundleException {
    bundle = PolicyBundle.loadClasspath("bundles/treasury");
  }

  private static Path cases() throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(TreasuryBundleTest.class.getResource("/bundles/treasury/cases"))
            .toURI());
  }

  @Test
  void should_read_actions_from_the_bundles_own_namespace() {
    assertThat(bundle.actions()).containsExactlyInAnyOrder("transfer", "view");
    assertThat(bundle.actionUid("transfer"))
        .isEqualTo(new EntityRef("Treasury::Action", "transfer"));
    assertThat(bundle.actionUid("Treasury::Action::\"view\""))
        .isEqualTo(new EntityRef("Treasury::Action", "view"));
    assertThat(bundle.actionGroups().get("transfer")).containsExactly("money");
  }

  @Test
  void should_decide_every_case_and_reach_every_policy() throws Exception {
    List<PolicyCase> loaded = PolicyCase.loadAll(cases());
    assertThat(loaded).hasSizeGreaterThanOrEqualTo(12);
    try (PolicyEngine engine = new PolicyEngine(bundle)) {
      Set<String> reached = new HashSet<>();
      for (PolicyCase policyCase : loaded) {
        PolicyDecision decision = engine.decide(policyCase.request());
        assertThat(policyCase.mismatch(decision)).as(policyCase.name()).isEmpty();
        reached.addAll(decision.determiningPolicies());
        reached.addAll(decision.erroringPolicyIds());
      }
      assertThat(reached)
          .containsExactlyInAnyOrderElementsOf(
              bundle.policies().stream().map(PolicyInfo::id).toList());
    }
  }

  @Test
  void should_let_the_permit_stand_beside_an_erroring_policy_when_cedar_decides() {
    try (PolicyEngine failClosed = new PolicyEngine(bundle, OnPolicyError.DENY);
        PolicyEngine asCedar = new PolicyEngine(bundle, OnPolicyError.CEDAR)) {
      // The destination's record is not loaded: `context.destination.country` fails.
      AccessRequest request = transfer("250.00", List.of(agent(), account().build()));

      PolicyDecision denied = failClosed.decide(request);
      PolicyDecision allowed = asCedar.decide(request);

      assertThat(denied.outcome()).isEqualTo(Verdict.DENY);
      assertThat(denied.failClosed()).isTrue();
      assertThat(denied.cedarDecision()).isEqualTo(Verdict.ALLOW);
      assertThat(denied.determiningPolicies()).containsExactly("transfer-verified-within-limit");
      assertThat(denied.erroringPolicies())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.policyId()).isEqualTo("sanctioned-destination");
                assertThat(e.message()).contains("iban-de-1");
              });
      assertThat(allowed.outcome()).isEqualTo(Verdict.ALLOW);
      assertThat(allowed.failClosed()).isFalse();
      assertThat(allowed.erroringPolicyIds()).containsExactly("sanctioned-destination");
    }
  }

  @Test
  void should_take_typed_java_values_built_with_the_builder() {
    EntityData account =
        account()
            .attribute(
                "limits",
                Map.of(
                    "perTransfer", ExtensionValue.decimal(new BigDecimal("5000")),
                    "daily", ExtensionValue.decimal("20000.00")))
            .attribute("openedAt", ExtensionValue.datetime(Instant.parse("2026-11-01T00:00:00Z")))
            .attribute("cooldown", ExtensionValue.duration(java.time.Duration.ofDays(7)))
            .build();
    EntityData destination =
        EntityData.builder(DESTINATION)
            .attribute("iban", "DE89370400440532013000")
            .attribute("country", "DE")
            .build();
    try (PolicyEngine engine = new PolicyEngine(bundle)) {
      PolicyDecision decision =
          engine.decide(transfer("250.00", List.of(agent(), account, destination)));

      assertThat(decision.outcome()).as(decision.summary()).isEqualTo(Verdict.ALLOW);
      assertThat(decision.determiningPolicies()).containsExactly("transfer-verified-within-limit");
    }
  }

  @Test
  void should_ignore_an_unconvertible_value_in_an_entity_no_policy_can_reach() {
    EntityData unrelated =
        new EntityData(
            new EntityRef("Treasury::Destination", "elsewhere"),
            Map.of("iban", "x", "country", "FR", "score", 0.5d),
            Set.of());
    EntityData destination =
        EntityData.builder(DESTINATION)
            .attribute("iban", "DE89")
            .attribute("country", "DE")
            .build();
    try (PolicyEngine engine = new PolicyEngine(bundle)) {
      PolicyDecision decision =
          engine.decide(
              transfer("250.00", List.of(agent(), account().build(), destination, unrelated)));

      assertThat(decision.outcome()).as(decision.summary()).isEqualTo(Verdict.ALLOW);
    }
  }

  @Test
  void should_refuse_a_malformed_extension_literal_quoting_it() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExtensionValue.decimal("1.23456"))
        .hasMessageContaining("`1.23456` is not a Cedar decimal");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ExtensionValue.decimal(new BigDecimal("0.00001")))
        .hasMessageContaining("more than four fractional digits");
  }

  private static EntityData agent() {
    return EntityData.builder(AGENT)
        .attribute("tenant", "acme")
        .attribute("clearance", 2L)
        .parent(new EntityRef("Treasury::Team", "payments"))
        .build();
  }

  private static EntityData.Builder account() {
    return EntityData.builder(ACCOUNT)
        .attribute("tenant", "acme")
        .attribute(
            "verifiedDestinations",
            Set.of(DESTINATION, new EntityRef("Treasury::Destination", "iban-fr-2")))
        .attribute(
            "limits",
            Map.of(
                "perTransfer", ExtensionValue.decimal("5000.00"),
                "daily", ExtensionValue.decimal("20000.00")))
        .attribute(
            "refunds",
            List.of(
                Map.of(
                    "amount",
                    ExtensionValue.decimal("99.00"),
                    "at",
                    ExtensionValue.datetime("2026-11-20T09:30:00Z"))))
        .attribute("network", ExtensionValue.ip("10.0.0.0/8"))
        .attribute("openedAt", ExtensionValue.datetime("2026-11-01"))
        .attribute("cooldown", ExtensionValue.duration("7d"))
        .tag("jurisdiction", "EU");
  }

  private static AccessRequest transfer(String amount, List<EntityData> entities) {
    return new AccessRequest(
        AGENT,
        "transfer",
        ACCOUNT,
        Map.of(
            "destination", DESTINATION,
            "amount", ExtensionValue.decimal(amount),
            "sourceIp", ExtensionValue.ip("10.1.2.3"),
            "now", ExtensionValue.datetime("2026-11-29T10:00:00Z"),
            "approvals", Set.of()),
        entities);
  }
}
