package dev.charter.activities.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.authorization.AuthorizationListener;
import dev.charter.activities.authorization.CallerClaims;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.authorization.ResourceDirectory;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Budgets;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import dev.charter.policy.PolicyBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deny-rate trigger of the canary's automatic rollback, fed by real Cedar verdicts of the demo
 * bundle through {@link CedarAuthorizationActivities}' listener; and the shadow bundle's decisions
 * reported beside them.
 */
class CanaryDenyRateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DEMO_BUNDLE =
      Path.of("../policies/src/main/resources/policies/support-desk");
  private static final RouteSpec SPLIT_20 =
      new RouteSpec(
          "support-agent",
          List.of("in-process-intent"),
          List.of("vllm-canary", "in-process-intent"),
          20,
          null);
  private static final DataLabels INTERNAL = new DataLabels("INTERNAL", List.of(), "eu");

  @TempDir Path dir;

  private static TaskPin pin(BundleRegistry registry, String routeVersion) {
    return TaskPin.of(
        "support-agent",
        "1",
        "acme",
        "MEDIUM",
        "eu",
        registry.active().bundle().id(),
        routeVersion,
        List.of(),
        List.of("lookup_order", "issue_refund"),
        new Budgets(10, 10_000, 1.0, 600, 3600));
  }

  private static ToolAuthorizationRequest refund(TaskPin pin, String taskId, String cents) {
    ToolCall call =
        new ToolCall(
            "issue_refund",
            "Shop::Order::\"1002\"",
            Map.of("orderId", "1002", "amountCents", cents));
    return new ToolAuthorizationRequest(
        taskId, 2, pin, call, INTERNAL, false, List.of(), null, CallerClaims.fieldsOf(call));
  }

  private static ResourceDirectory orders() {
    EntityRef customer = new EntityRef("Shop::Customer", "c-101");
    return ResourceDirectory.of(
        List.of(
            new EntityData(
                new EntityRef("Shop::Order", "1002"),
                Map.of(
                    "tenant",
                    "acme",
                    "customer",
                    customer,
                    "totalCents",
                    100_000L,
                    "refundedCents",
                    0L,
                    "currency",
                    "USD",
                    "status",
                    "delivered"),
                Set.of()),
            new EntityData(
                customer,
                Map.of(
                    "tenant",
                    "acme",
                    "verifiedDestinations",
                    Set.of(),
                    "contactState",
                    "reachable",
                    "refundedTodayCents",
                    0L),
                Set.of())));
  }

  @Test
  void should_roll_back_a_canary_whose_tool_calls_are_denied_above_the_threshold_audited()
      throws Exception {
    AuditLedger ledger = RoutingTestSupport.ledger();
    RouteJournal journal = new RouteJournal(ledger);
    CanaryRoutes canary =
        RoutingTestSupport.canary(
            journal,
            Map.of("support-agent", SPLIT_20),
            new RollbackThresholds(10, 4, 0.5, 60_000_000L, 0.5));
    BundleRegistry registry =
        new BundleRegistry(PolicyBundle.loadClasspath("policies/support-desk"));
    CedarAuthorizationActivities authorization =
        new CedarAuthorizationActivities(
            registry,
            orders(),
            new AuthorizationListener() {
              @Override
              public void toolVerdict(TaskPin pin, ToolCall call, PolicyVerdict verdict) {
                canary.toolVerdict(pin, verdict.outcome());
              }
            });
    TaskPin stable = pin(registry, "r1");
    TaskPin canaryPin = pin(registry, "r1+canary");

    // Denials on the stable arm never roll the canary back.
    for (int i = 0; i < 6; i++) {
      assertThat(authorization.authorizeTool(refund(stable, "stable-" + i, "50001")).outcome())
          .isEqualTo(Outcome.DENY);
    }
    assertThat(canary.status().get(0).canaryPercent()).isEqualTo(20);

    // Canary arm: 1 allowed, then denied refunds above the hard limit; 3 of 4 denied = 0.75.
    assertThat(authorization.authorizeTool(refund(canaryPin, "canary-0", "100")).outcome())
        .isEqualTo(Outcome.ALLOW);
    for (int i = 1; i <= 2; i++) {
      assertThat(authorization.authorizeTool(refund(canaryPin, "canary-" + i, "50001")).outcome())
          .isEqualTo(Outcome.DENY);
      assertThat(canary.status().get(0).canaryPercent()).isEqualTo(20);
    }
    assertThat(authorization.authorizeTool(refund(canaryPin, "canary-3", "50001")).outcome())
        .isEqualTo(Outcome.DENY);

    assertThat(canary.status().get(0).canaryPercent()).isZero();
    List<LedgerEntry> changes = ledger.events(RouteJournal.ROUTES);
    LedgerEntry last = changes.get(changes.size() - 1);
    JsonNode payload = JSON.readTree(last.payloadJson());
    assertThat(last.type()).isEqualTo(AuditFact.CanaryRolledBack.TYPE);
    assertThat(payload.path("route").asText()).isEqualTo("support-agent");
    assertThat(payload.path("fromPercent").asInt()).isEqualTo(20);
    assertThat(payload.path("reason").asText())
        .isEqualTo("automatic: canary deny rate 0.75 over the last 4 tool verdicts exceeds 0.50");

    // Rolled back: further canary-pinned verdicts (tasks pinned before) change nothing.
    authorization.authorizeTool(refund(canaryPin, "canary-4", "50001"));
    assertThat(ledger.events(RouteJournal.ROUTES)).hasSize(changes.size());
  }

  @Test
  void should_keep_the_canary_while_its_deny_rate_stays_at_or_below_the_threshold()
      throws Exception {
    RouteJournal journal = new RouteJournal(RoutingTestSupport.ledger());
    CanaryRoutes canary =
        RoutingTestSupport.canary(
            journal,
            Map.of("support-agent", SPLIT_20),
            new RollbackThresholds(10, 4, 0.5, 60_000_000L, 0.5));
    BundleRegistry registry =
        new BundleRegistry(PolicyBundle.loadClasspath("policies/support-desk"));
    TaskPin canaryPin = pin(registry, "r1+canary");

    for (int i = 0; i < 10; i++) {
      canary.toolVerdict(canaryPin, i % 2 == 1 ? Outcome.DENY : Outcome.REQUIRE_APPROVAL);
    }

    assertThat(canary.status().get(0).canaryPercent()).isEqualTo(20);
  }

  @Test
  void should_report_each_shadow_bundle_decision_with_its_agreement() throws Exception {
    Path candidate = dir.resolve("refund-limit-200");
    Files.createDirectories(candidate);
    try (Stream<Path> files = Files.list(DEMO_BUNDLE)) {
      for (Path f : files.toList()) {
        Files.copy(f, candidate.resolve(f.getFileName()));
      }
    }
    Path orders = candidate.resolve("orders.cedar");
    Files.writeString(
        orders,
        Files.readString(orders)
            .replace(
                "when { context.input.amountCents > 50000 };",
                "when { context.input.amountCents > 20000 };"));
    BundleRegistry registry =
        new BundleRegistry(PolicyBundle.loadClasspath("policies/support-desk"));
    registry.shadow(PolicyBundle.load(candidate));
    List<String> seen = new ArrayList<>();
    CedarAuthorizationActivities authorization =
        new CedarAuthorizationActivities(
            registry,
            orders(),
            new AuthorizationListener() {
              @Override
              public void shadowVerdict(
                  String action, String activeBundle, PolicyVerdict.ShadowVerdict shadow) {
                seen.add(action + ":" + shadow.outcome() + ":" + shadow.agrees());
              }
            });
    TaskPin pin = pin(registry, "r1");

    authorization.authorizeTool(refund(pin, "t-1", "100"));
    authorization.authorizeTool(refund(pin, "t-2", "30000"));

    assertThat(seen).containsExactly("issue_refund:ALLOW:true", "issue_refund:DENY:false");
  }
}
