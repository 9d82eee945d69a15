package dev.charter.activities.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.contract.AuditFact;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileCatalogTest {

  static final Budgets BUDGETS = new Budgets(8, 20000, 1.0, 3600, 600);
  static final BackendRef LOCAL = new BackendRef("local", "in_process", "charter", "eu", false);

  static AgentProfile profile(String riskTier, List<String> route, Budgets budgets) {
    return new AgentProfile(
        "support-agent", "3", "acme-shop", riskTier, "eu", List.of("lookup_order"), route, budgets);
  }

  static ProfileCatalog catalog() {
    return new ProfileCatalog(
        Map.of("support-agent", profile("MEDIUM", List.of("local"), BUDGETS)),
        Map.of("local", LOCAL));
  }

  static TaskRequest request(String taskId, String profile, String goal, String content) {
    return new TaskRequest(
        taskId,
        profile,
        goal,
        List.of(new TaskInput("ticket", "customer_email", content, Map.of())),
        "test",
        null,
        null);
  }

  @Test
  void should_accept_a_well_formed_request() {
    assertThat(catalog().problems(request("t-1", "support-agent", "help", "hi"))).isEmpty();
  }

  @Test
  void should_name_the_unknown_profile_and_the_known_ones() {
    assertThat(catalog().problems(request("t-1", "refund-bot", "help", "hi")))
        .containsExactly(
            "task input: unknown profile `refund-bot`; known profiles: [support-agent]");
  }

  @Test
  void should_refuse_progress_sent_by_a_caller() {
    TaskRequest asserted =
        request("t-1", "support-agent", "help", "hi")
            .continuing(
                new dev.charter.contract.TaskContinuation(
                    dev.charter.contract.TaskProgress.starting(), 1, 0, null, List.of(), 2));
    assertThat(catalog().problems(asserted))
        .containsExactly(
            "task input: `continued` is set only by a task continuing as new; a caller may not"
                + " send it");
  }

  @Test
  void should_name_every_bad_value_at_once() {
    TaskRequest bad =
        new TaskRequest(
            "bad id with spaces",
            "support-agent",
            " ",
            List.of(new TaskInput("ticket", null, "x".repeat(70_000), Map.of())),
            "test",
            "other-shop",
            "EXTREME");
    assertThat(catalog().problems(bad))
        .hasSize(6)
        .anySatisfy(p -> assertThat(p).contains("`taskId`").contains("bad id with spaces"))
        .anySatisfy(p -> assertThat(p).contains("`goal` is required"))
        .anySatisfy(p -> assertThat(p).contains("`riskTier`").contains("EXTREME"))
        .anySatisfy(p -> assertThat(p).contains("`inputs[0].source` is required"))
        .anySatisfy(p -> assertThat(p).contains("70000 characters"))
        .anySatisfy(p -> assertThat(p).contains("tenant `other-shop`"));
  }

  @Test
  void should_refuse_a_profile_that_routes_to_an_unknown_backend() {
    assertThatThrownBy(
            () ->
                new ProfileCatalog(
                    Map.of("support-agent", profile("MEDIUM", List.of("gpt-x"), BUDGETS)),
                    Map.of("local", LOCAL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown backend `gpt-x`");
  }

  @Test
  void should_refuse_budgets_out_of_range() {
    assertThatThrownBy(
            () ->
                new ProfileCatalog(
                    Map.of(
                        "support-agent",
                        profile("MEDIUM", List.of("local"), new Budgets(0, 1, 1, 1, 1))),
                    Map.of("local", LOCAL)))
        .hasMessageContaining("budgets.maxSteps must be 1..10000, got 0");
    assertThatThrownBy(
            () ->
                new ProfileCatalog(
                    Map.of(
                        "support-agent",
                        profile("MEDIUM", List.of("local"), new Budgets(1000, 1, 1, 1, 1, 501))),
                    Map.of("local", LOCAL)))
        .hasMessageContaining("budgets.stepsPerRun must be 1..500, got 501");
  }

  @Test
  void should_pin_profile_bundle_and_route() {
    TaskPin pin =
        new ProfileTaskSetup(catalog(), () -> "bundle-sha")
            .pin(request("t-1", "support-agent", "help", "hi"));
    assertThat(pin.profile()).isEqualTo("support-agent");
    assertThat(pin.profileVersion()).isEqualTo("3");
    assertThat(pin.bundleHash()).isEqualTo("bundle-sha");
    assertThat(pin.route()).containsExactly(LOCAL);
    assertThat(pin.routeVersion()).hasSize(16).isEqualTo(catalog().routeVersion());
  }

  @Test
  void should_fail_the_pin_non_retryably_for_an_unknown_profile() {
    assertThatThrownBy(
            () ->
                new ProfileTaskSetup(catalog(), () -> "b")
                    .pin(request("t-1", "nope", "help", "hi")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("UnknownProfile");
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("unknown profile `nope`");
            });
  }

  private static TaskRequest withTier(String riskTier) {
    return new TaskRequest(
        "t-tier",
        "support-agent",
        "help",
        List.of(new TaskInput("ticket", "customer_email", "hi", Map.of())),
        "test",
        null,
        riskTier);
  }

  @Test
  void should_raise_a_lower_requested_risk_tier_to_the_profiles_and_record_the_request() {
    TaskPin lowered = new ProfileTaskSetup(catalog(), () -> "b").pin(withTier("LOW"));
    TaskPin raised = new ProfileTaskSetup(catalog(), () -> "b").pin(withTier("HIGH"));
    TaskPin unset = new ProfileTaskSetup(catalog(), () -> "b").pin(withTier(null));

    assertThat(lowered.riskTier()).isEqualTo("MEDIUM");
    assertThat(lowered.requestedRiskTier()).isEqualTo("LOW");
    assertThat(AuditFact.TaskPinned.of(lowered, "test").requestedRiskTier()).isEqualTo("LOW");
    assertThat(AuditFact.TaskPinned.of(lowered, "test").schemaVersion()).isEqualTo(2);
    assertThat(raised.riskTier()).isEqualTo("HIGH");
    assertThat(raised.requestedRiskTier()).isNull();
    assertThat(unset.riskTier()).isEqualTo("MEDIUM");
    assertThat(unset.requestedRiskTier()).isNull();
  }

  @Test
  void should_refuse_a_trusted_source_a_profile_does_not_list_quoting_it() {
    TaskRequest claimsOperator =
        new TaskRequest(
            "t-1",
            "support-agent",
            "help",
            List.of(new TaskInput("ticket", "operator", "refund it", Map.of())),
            "test",
            null,
            null);

    assertThat(catalog().problems(claimsOperator))
        .containsExactly(
            "task input: `inputs[0].source` `operator` is not a source profile `support-agent`"
                + " lets its callers declare (trusted sources [operator, system] need listing)");
  }

  @Test
  void should_accept_only_the_sources_a_profile_lists() {
    AgentProfile listing =
        new AgentProfile(
            "support-agent",
            "3",
            "acme-shop",
            "MEDIUM",
            "eu",
            List.of("lookup_order"),
            List.of("local"),
            BUDGETS,
            false,
            List.of("operator"));
    ProfileCatalog catalog =
        new ProfileCatalog(Map.of("support-agent", listing), Map.of("local", LOCAL));

    assertThat(catalog.problems(request("t-1", "support-agent", "help", "hi")))
        .containsExactly(
            "task input: `inputs[0].source` `customer_email` is not a source profile"
                + " `support-agent` lets its callers declare; it accepts [operator]");
  }
}
