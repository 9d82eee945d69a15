package dev.charter.activities.inference;

import static dev.charter.activities.inference.RoutingTestSupport.openAi;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.authorization.ResourceDirectory;
import dev.charter.activities.perception.RulePerceptionActivities;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskPin;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Perception, Cedar {@code invoke_model} and the router together: PII and RESTRICTED data never
 * reach the closed-API fixture, whose every request body is scanned for the planted values.
 */
class SensitiveDataRoutingTest {

  private static final String EMAIL = "jane.planted@example.com";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String SECRET_CODE = "PLANTED-RESTRICTED-7731";

  private static final BackendRef CLOSED =
      new BackendRef("gpt-closed", "closed_api", "openai", "eu", true);
  private static final BackendRef SELF_HOSTED =
      new BackendRef("vllm-eu", "self_hosted", "meta", "eu", false);

  private static PolicyEngine engine;
  private static CedarAuthorizationActivities authorization;
  private static ChatApiFixture closedApi;
  private static ChatApiFixture selfHostedApi;
  private static RoutingInferenceActivities router;
  private final RulePerceptionActivities perception = new RulePerceptionActivities();

  @BeforeAll
  static void start() throws Exception {
    engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    authorization = new CedarAuthorizationActivities(engine, ResourceDirectory.of(List.of()));
    ChatApiFixture.ToolUse lookup =
        new ChatApiFixture.ToolUse("lookup_order", Map.of("orderId", "1002"));
    closedApi = ChatApiFixture.start("gpt", lookup);
    selfHostedApi = ChatApiFixture.start("llama", lookup);
    RouteJournal journal = new RouteJournal(RoutingTestSupport.ledger());
    router =
        new RoutingInferenceActivities(
            List.of(openAi(CLOSED, closedApi), openAi(SELF_HOSTED, selfHostedApi)),
            ResilienceSettings.ofDefaults(),
            RoutingTestSupport.noCanary(journal),
            journal);
  }

  @AfterAll
  static void stop() {
    router.close();
    closedApi.close();
    selfHostedApi.close();
  }

  private Step step(String taskId, String content, Map<String, String> fields) {
    TaskPin pin =
        TaskPin.of(
            "support-agent",
            "1",
            "acme-shop",
            "MEDIUM",
            "eu",
            engine.bundle().id(),
            "r1",
            List.of(CLOSED, SELF_HOSTED),
            RoutingTestSupport.TOOLS,
            new Budgets(8, 20_000, 1.0, 600, 600));
    Observation observation =
        perception.perceive(
            new PerceptionRequest(
                taskId,
                1,
                "eu",
                List.of(new TaskInput("ticket", "customer_email", content, fields)),
                List.of()));
    RouteDecision route =
        authorization.authorizeModel(
            new ModelAuthorizationRequest(
                taskId, 1, pin, observation.labels(), observation.tainted()));
    Decision decision =
        router.decide(
            new InferenceRequest(
                taskId,
                1,
                route.permitted(),
                observation,
                new TreeMap<>(fields),
                List.of(),
                RoutingTestSupport.TOOLS));
    return new Step(route, decision);
  }

  @Test
  void should_keep_pii_and_restricted_data_away_from_the_closed_api() {
    int before = closedApi.bodies().size();

    Step email = step("pii-1", "Where is order 1002? Reply to " + EMAIL, Map.of("orderId", "1002"));
    Step card =
        step(
            "pii-2",
            "Refund order 1002 to my card " + CARD,
            Map.of("orderId", "1002", "amountCents", "1200"));
    Step restricted =
        step(
            "restricted-1",
            "Where is order 1002? Internal code " + SECRET_CODE,
            Map.of("orderId", "1002", "classification", "RESTRICTED"));

    for (Step step : List.of(email, card, restricted)) {
      assertThat(step.route().permitted()).extracting(BackendRef::name).containsExactly("vllm-eu");
      assertThat(step.route().refusedBackends()).containsExactly("gpt-closed");
      assertThat(step.route().refused().get(0).determiningPolicies())
          .containsExactly("no-pii-to-closed-api");
      assertThat(step.decision().provenance().fallbackChain()).containsExactly("vllm-eu");
    }
    assertThat(closedApi.bodies()).hasSize(before);
    assertThat(closedApi.bodies())
        .allSatisfy(
            body ->
                assertThat(body)
                    .doesNotContain(EMAIL)
                    .doesNotContain(CARD)
                    .doesNotContain(CARD.replace(" ", ""))
                    .doesNotContain(SECRET_CODE));
  }

  @Test
  void should_send_non_sensitive_data_to_the_closed_api_first() {
    int before = closedApi.bodies().size();

    Step clean = step("clean-1", "Where is order 1002?", Map.of("orderId", "1002"));

    assertThat(clean.route().permitted())
        .extracting(BackendRef::name)
        .containsExactly("gpt-closed", "vllm-eu");
    assertThat(clean.decision().provenance().backend()).isEqualTo("gpt-closed");
    assertThat(closedApi.bodies()).hasSize(before + 1);
    assertThat(closedApi.bodies().get(before)).contains("Where is order 1002?");
  }

  private record Step(RouteDecision route, Decision decision) {}
}
