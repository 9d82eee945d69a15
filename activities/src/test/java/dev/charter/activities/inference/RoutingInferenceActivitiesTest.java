package dev.charter.activities.inference;

import static dev.charter.activities.inference.RoutingTestSupport.closed;
import static dev.charter.activities.inference.RoutingTestSupport.noCanary;
import static dev.charter.activities.inference.RoutingTestSupport.openAi;
import static dev.charter.activities.inference.RoutingTestSupport.request;
import static dev.charter.activities.inference.RoutingTestSupport.selfHosted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.inference.ChatApiFixture.Malformed;
import dev.charter.activities.inference.ChatApiFixture.Slow;
import dev.charter.activities.inference.ChatApiFixture.Status;
import dev.charter.activities.inference.ChatApiFixture.Text;
import dev.charter.activities.inference.ChatApiFixture.ToolUse;
import dev.charter.activities.privacy.SubjectDirectory;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router against local OpenAI-protocol fixtures: fallback, breakers, time limits, errors. */
class RoutingInferenceActivitiesTest {

  private static final BackendRef FIRST = closed("gpt-first");
  private static final BackendRef SECOND = selfHosted("vllm-second");
  private static final ToolUse LOOKUP = new ToolUse("lookup_order", Map.of("orderId", "1002"));

  private ChatApiFixture first;
  private ChatApiFixture second;
  private RoutingInferenceActivities router;
  private RouteJournal journal;

  @BeforeEach
  void start() {
    first = ChatApiFixture.start("gpt-first-2026-01-01", LOOKUP);
    second = ChatApiFixture.start("llama-second", LOOKUP);
    AuditLedger ledger = RoutingTestSupport.ledger();
    journal = new RouteJournal(ledger);
  }

  @AfterEach
  void stop() {
    if (router != null) {
      router.close();
    }
    first.close();
    second.close();
  }

  private RoutingInferenceActivities router(ResilienceSettings settings) {
    router =
        new RoutingInferenceActivities(
            List.of(openAi(FIRST, first), openAi(SECOND, second)),
            settings,
            noCanary(journal),
            journal);
    return router;
  }

  private static ResilienceSettings breaker(Duration budget, Duration openWait) {
    return new ResilienceSettings(budget, 4, 2, 50f, openWait, 1, 4);
  }

  @Test
  void should_take_the_first_permitted_backend_and_record_provenance_when_it_answers() {
    Decision decision =
        router(ResilienceSettings.ofDefaults())
            .decide(request("t-1", "Where is order 1002?", List.of(FIRST, SECOND)));

    assertThat(decision.toolCalls()).hasSize(1);
    assertThat(decision.toolCalls().get(0).target()).isEqualTo("Shop::Order::\"1002\"");
    assertThat(decision.provenance().backend()).isEqualTo("gpt-first");
    assertThat(decision.provenance().modelVersion()).isEqualTo("gpt-first-2026-01-01");
    assertThat(decision.provenance().fallbackChain()).containsExactly("gpt-first");
    // 120 input tokens at $2/M + 18 output tokens at $8/M.
    assertThat(decision.provenance().costUsd()).isEqualTo((120 * 2.0 + 18 * 8.0) / 1_000_000);
    assertThat(second.bodies()).isEmpty();
  }

  @Test
  void should_fall_back_to_the_next_permitted_backend_when_the_first_returns_500() {
    first.answerWith(new Status(500, null));

    Decision decision =
        router(ResilienceSettings.ofDefaults())
            .decide(request("t-2", "Where is order 1002?", List.of(FIRST, SECOND)));

    assertThat(decision.provenance().backend()).isEqualTo("vllm-second");
    assertThat(decision.provenance().fallbackChain())
        .containsExactly("gpt-first:error", "vllm-second");
  }

  @Test
  void should_fall_back_on_429_with_retry_after_and_on_malformed_json() {
    first.then(new Status(429, 7), new Malformed());
    RoutingInferenceActivities activities = router(ResilienceSettings.ofDefaults());

    Decision afterRateLimit =
        activities.decide(request("t-3", "Where is order 1002?", List.of(FIRST, SECOND)));
    Decision afterMalformed =
        activities.decide(request("t-4", "Where is order 1002?", List.of(FIRST, SECOND)));

    assertThat(afterRateLimit.provenance().fallbackChain())
        .containsExactly("gpt-first:error", "vllm-second");
    assertThat(afterMalformed.provenance().fallbackChain())
        .containsExactly("gpt-first:error", "vllm-second");
  }

  @Test
  void should_abandon_a_backend_slower_than_the_step_latency_budget() {
    first.answerWith(new Slow(3_000, LOOKUP));

    Decision decision =
        router(breaker(Duration.ofMillis(300), Duration.ofSeconds(30)))
            .decide(request("t-5", "Where is order 1002?", List.of(FIRST, SECOND)));

    assertThat(decision.provenance().fallbackChain())
        .containsExactly("gpt-first:timeout", "vllm-second");
  }

  @Test
  void should_open_the_breaker_then_half_open_and_close_when_the_backend_recovers()
      throws InterruptedException {
    first.answerWith(new Status(500, null));
    RoutingInferenceActivities activities =
        router(breaker(Duration.ofSeconds(10), Duration.ofMillis(200)));

    for (int i = 0; i < 2; i++) {
      activities.decide(request("t-open-" + i, "Where is order 1002?", List.of(FIRST, SECOND)));
    }
    assertThat(activities.breakerStates()).containsEntry("gpt-first", "OPEN");
    int callsWhileClosed = first.bodies().size();

    Decision whileOpen =
        activities.decide(request("t-open", "Where is order 1002?", List.of(FIRST, SECOND)));
    assertThat(whileOpen.provenance().fallbackChain())
        .containsExactly("gpt-first:breaker-open", "vllm-second");
    assertThat(first.bodies()).hasSize(callsWhileClosed);

    // After the open wait the breaker lets one probe through (half-open); the fixture recovered.
    first.answerWith(LOOKUP);
    Thread.sleep(400);
    assertThat(activities.breakerStates()).containsEntry("gpt-first", "OPEN");
    Decision probe =
        activities.decide(request("t-probe", "Where is order 1002?", List.of(FIRST, SECOND)));

    assertThat(probe.provenance().fallbackChain()).containsExactly("gpt-first");
    assertThat(activities.breakerStates()).containsEntry("gpt-first", "CLOSED");
  }

  @Test
  void should_report_half_open_while_the_probe_is_pending() throws InterruptedException {
    first.answerWith(new Status(500, null));
    RoutingInferenceActivities activities =
        router(
            new ResilienceSettings(
                Duration.ofSeconds(10), 4, 2, 50f, Duration.ofMillis(200), 2, 4));
    for (int i = 0; i < 2; i++) {
      activities.decide(request("t-h-" + i, "Where is order 1002?", List.of(FIRST, SECOND)));
    }
    first.answerWith(LOOKUP);
    Thread.sleep(400);

    // Two probes are needed to close: after the first, the breaker is half-open.
    activities.decide(request("t-h-probe1", "Where is order 1002?", List.of(FIRST, SECOND)));
    assertThat(activities.breakerStates()).containsEntry("gpt-first", "HALF_OPEN");
    activities.decide(request("t-h-probe2", "Where is order 1002?", List.of(FIRST, SECOND)));
    assertThat(activities.breakerStates()).containsEntry("gpt-first", "CLOSED");
  }

  @Test
  void should_fail_retryably_when_every_backend_failed_transiently() {
    first.answerWith(new Status(500, null));
    second.answerWith(new Status(503, null));

    assertThatThrownBy(
            () ->
                router(ResilienceSettings.ofDefaults())
                    .decide(request("t-6", "Where is order 1002?", List.of(FIRST, SECOND))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("BackendsUnavailable");
              assertThat(failure.isNonRetryable()).isFalse();
              assertThat(failure.getOriginalMessage())
                  .contains("[gpt-first:error, vllm-second:error]");
            });
  }

  @Test
  void should_refuse_permanently_when_no_backend_was_permitted() {
    assertThatThrownBy(
            () ->
                router(ResilienceSettings.ofDefaults())
                    .decide(request("t-7", "Where is order 1002?", List.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("NoBackendAvailable");
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains("none were permitted");
            });
  }

  @Test
  void should_skip_a_closed_api_without_key_and_say_it_is_disabled() {
    ModelBackend keyless =
        ChatBackends.openAi(
            FIRST,
            first.baseUrl(),
            java.util.Optional.empty(),
            RoutingTestSupport.PRICED,
            Duration.ofSeconds(5),
            SubjectDirectory.NONE);
    router =
        new RoutingInferenceActivities(
            List.of(keyless, openAi(SECOND, second)),
            ResilienceSettings.ofDefaults(),
            noCanary(journal),
            journal);

    Decision decision =
        router.decide(request("t-8", "Where is order 1002?", List.of(FIRST, SECOND)));

    assertThat(decision.provenance().fallbackChain())
        .containsExactly("gpt-first:disabled", "vllm-second");
    assertThat(first.bodies()).isEmpty();
    assertThatThrownBy(() -> keyless.decide(request("t-8", "x", List.of(FIRST))))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("`gpt-first` (closed_api, openai) is disabled: no API key");
  }

  @Test
  void should_end_the_task_with_a_final_answer_when_the_model_calls_no_tool() {
    first.answerWith(new Text("Your order is on its way."));

    Decision decision =
        router(ResilienceSettings.ofDefaults())
            .decide(request("t-9", "Where is order 1002?", List.of(FIRST)));

    assertThat(decision.isFinal()).isTrue();
    assertThat(decision.finalAnswer()).isEqualTo("Your order is on its way.");
  }
}
