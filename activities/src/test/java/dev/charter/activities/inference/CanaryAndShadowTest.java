package dev.charter.activities.inference;

import static dev.charter.activities.inference.RoutingTestSupport.closed;
import static dev.charter.activities.inference.RoutingTestSupport.openAi;
import static dev.charter.activities.inference.RoutingTestSupport.request;
import static dev.charter.activities.inference.RoutingTestSupport.selfHosted;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.inference.ChatApiFixture.Status;
import dev.charter.activities.inference.ChatApiFixture.ToolUse;
import dev.charter.contract.AuditFact;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Canary arms, automatic rollback and shadow records, audited in the ledger. */
class CanaryAndShadowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ToolUse LOOKUP = new ToolUse("lookup_order", Map.of("orderId", "1002"));
  private static final RouteSpec SPLIT_20 =
      new RouteSpec(
          "support-agent",
          List.of("in-process-intent"),
          List.of("vllm-canary", "in-process-intent"),
          20,
          null);

  @Test
  void should_give_each_task_the_same_arm_on_any_worker_and_split_about_twenty_percent() {
    RouteJournal journal = new RouteJournal(RoutingTestSupport.ledger());
    CanaryRoutes worker1 =
        RoutingTestSupport.canary(
            journal, Map.of("support-agent", SPLIT_20), RollbackThresholds.ofDefaults());
    // A restarted worker: new flags, new instance, same configuration.
    CanaryRoutes worker2 =
        RoutingTestSupport.canary(
            journal, Map.of("support-agent", SPLIT_20), RollbackThresholds.ofDefaults());

    List<String> ids = IntStream.range(0, 2000).mapToObj(i -> "task-" + i).toList();
    long canary =
        ids.stream().filter(id -> worker1.canaryRoute("support-agent", id).isPresent()).count();

    for (String id : ids) {
      assertThat(worker2.canaryRoute("support-agent", id))
          .isEqualTo(worker1.canaryRoute("support-agent", id));
    }
    assertThat(canary).isBetween(340L, 460L);
    assertThat(CanaryRoutes.bucket("task-42")).isEqualTo(CanaryRoutes.bucket("task-42"));
  }

  @Test
  void should_roll_back_a_failing_canary_automatically_and_audit_why() throws Exception {
    AuditLedger ledger = RoutingTestSupport.ledger();
    RouteJournal journal = new RouteJournal(ledger);
    CanaryRoutes canary =
        RoutingTestSupport.canary(
            journal,
            Map.of("support-agent", SPLIT_20),
            new RollbackThresholds(10, 4, 0.5, 60_000_000L));
    BackendRef canaryRef = selfHosted("vllm-canary");
    BackendRef stableRef = selfHosted("in-process-intent");
    try (ChatApiFixture canaryApi = ChatApiFixture.start("llama-canary", new Status(500, null));
        ChatApiFixture stableApi = ChatApiFixture.start("stable", LOOKUP);
        RoutingInferenceActivities router =
            new RoutingInferenceActivities(
                List.of(openAi(canaryRef, canaryApi), openAi(stableRef, stableApi)),
                ResilienceSettings.ofDefaults(),
                canary,
                journal)) {
      for (int i = 0; i < 4; i++) {
        Decision decision =
            router.decide(
                request("canary-task-" + i, "Where is order 1002?", List.of(canaryRef, stableRef)));
        assertThat(decision.provenance().fallbackChain())
            .containsExactly("vllm-canary:error", "in-process-intent");
      }
    }

    assertThat(canary.status().get(0).canaryPercent()).isZero();
    assertThat(IntStream.range(0, 200).mapToObj(i -> "later-" + i))
        .allSatisfy(id -> assertThat(canary.canaryRoute("support-agent", id)).isEmpty());
    List<LedgerEntry> routes = ledger.events(RouteJournal.ROUTES);
    assertThat(routes).hasSize(1);
    assertThat(routes.get(0).type()).isEqualTo(AuditFact.CanaryRolledBack.TYPE);
    JsonNode payload = JSON.readTree(routes.get(0).payloadJson());
    assertThat(payload.get("fromPercent").asInt()).isEqualTo(20);
    assertThat(payload.get("toPercent").asInt()).isZero();
    assertThat(payload.get("reason").asText())
        .startsWith("automatic: canary error rate 1.00 over the last 4 calls exceeds 0.50");
    assertThat(ledger.verify(RouteJournal.ROUTES).valid()).isTrue();
  }

  @Test
  void should_record_a_permitted_shadow_decision_without_acting_on_it() throws Exception {
    AuditLedger ledger = RoutingTestSupport.ledger();
    RouteJournal journal = new RouteJournal(ledger);
    RouteSpec withShadow =
        new RouteSpec("support-agent", List.of("gpt-primary"), List.of(), 0, "vllm-shadow");
    CanaryRoutes canary =
        RoutingTestSupport.canary(
            journal, Map.of("support-agent", withShadow), RollbackThresholds.ofDefaults());
    BackendRef primary = closed("gpt-primary");
    BackendRef shadow = selfHosted("vllm-shadow");
    try (ChatApiFixture primaryApi = ChatApiFixture.start("gpt", LOOKUP);
        ChatApiFixture shadowApi =
            ChatApiFixture.start(
                "llama", new ToolUse("escalate_to_human", Map.of("reason", "unsure")));
        RoutingInferenceActivities router =
            new RoutingInferenceActivities(
                List.of(openAi(primary, primaryApi), openAi(shadow, shadowApi)),
                ResilienceSettings.ofDefaults(),
                canary,
                journal)) {
      Decision decision =
          router.decide(
              request(
                  "shadowed",
                  "Where is order 1002?",
                  List.of(primary, CanaryRoutes.asShadow(shadow))));

      assertThat(decision.provenance().backend()).isEqualTo("gpt-primary");
      assertThat(decision.toolCalls().get(0).tool()).isEqualTo("lookup_order");
      assertThat(shadowApi.bodies()).hasSize(1);
    }
    List<LedgerEntry> records = ledger.events(RouteJournal.SHADOW);
    assertThat(records).hasSize(1);
    JsonNode record = JSON.readTree(records.get(0).payloadJson());
    assertThat(record.get("agree").asBoolean()).isFalse();
    assertThat(record.at("/shadow/backend").asText()).isEqualTo("vllm-shadow");
    assertThat(record.at("/shadow/proposal/0").asText()).isEqualTo("escalate_to_human");
    assertThat(record.at("/shadow/inputTokens").asInt()).isEqualTo(120);
    assertThat(record.at("/primary/proposal/0").asText()).isEqualTo("lookup_order");
  }

  @Test
  void should_never_call_a_shadow_the_route_decision_did_not_permit() {
    RouteJournal journal = new RouteJournal(RoutingTestSupport.ledger());
    RouteSpec withShadow =
        new RouteSpec("support-agent", List.of("vllm-primary"), List.of(), 0, "gpt-shadow");
    CanaryRoutes canary =
        RoutingTestSupport.canary(
            journal, Map.of("support-agent", withShadow), RollbackThresholds.ofDefaults());
    BackendRef primary = selfHosted("vllm-primary");
    BackendRef shadow = closed("gpt-shadow");
    try (ChatApiFixture primaryApi = ChatApiFixture.start("llama", LOOKUP);
        ChatApiFixture shadowApi = ChatApiFixture.start("gpt", LOOKUP);
        RoutingInferenceActivities router =
            new RoutingInferenceActivities(
                List.of(openAi(primary, primaryApi), openAi(shadow, shadowApi)),
                ResilienceSettings.ofDefaults(),
                canary,
                journal)) {
      // Cedar refused the shadow for this step's data: only the primary is permitted.
      router.decide(request("pii-task", "Where is order 1002?", List.of(primary)));

      assertThat(shadowApi.bodies()).isEmpty();
      assertThat(primaryApi.bodies()).hasSize(1);
    }
  }
}
