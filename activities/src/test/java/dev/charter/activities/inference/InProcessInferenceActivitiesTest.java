package dev.charter.activities.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.charter.contract.BackendRef;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.ToolCall;
import dev.charter.model.IntentModel;
import dev.charter.model.IntentPrediction;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the real trained intent model (DJL PyTorch + MiniLM) shipped by the models module. */
class InProcessInferenceActivitiesTest {

  private static final BackendRef IN_PROCESS =
      new BackendRef("in-process-intent", "in_process", "charter", "eu", false);
  private static final BackendRef CLOSED =
      new BackendRef("openai-gpt", "closed_api", "openai", "us", true);
  private static final BackendRef SELF_HOSTED =
      new BackendRef("vllm-llama", "self_hosted", "meta", "eu", false);
  private static final List<String> ALL_TOOLS =
      List.of(
          "lookup_order",
          "issue_refund",
          "send_customer_email",
          "export_customer_data",
          "escalate_to_human");
  private static final String REFUND_TICKET =
      "The blender arrived broken, please refund order 1002.";
  private static final String RECEIPT_TICKET =
      "Can you resend the receipt for order 1004 to <email:1>?";
  private static final String EXPORT_TICKET =
      "Under GDPR I want a copy of all the data you hold about me.";
  private static final String ANGRY_TICKET =
      "This is the third time I write. I want to speak to a manager now.";

  /** Out of the model's five intents: the shipped model gives it under 0.5 confidence. */
  // Off-topic and unsure for both shipped versions (v1 0.39, v2 0.41 confidence).
  private static final String OFF_TOPIC_TICKET = "I love your products!";

  private static IntentModel model;
  private static InProcessInferenceActivities activities;

  @BeforeAll
  static void load() {
    model = IntentModel.load("v1");
    activities = new InProcessInferenceActivities(model);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void should_step_through_refund_plan_when_each_tool_is_done() {
    Map<String, String> fields =
        Map.of("orderId", "1002", "amountCents", "4999", "customerId", "c-7");

    Decision first = activities.decide(request(REFUND_TICKET, fields, List.of()));
    Decision second = activities.decide(request(REFUND_TICKET, fields, List.of("lookup_order")));
    Decision third =
        activities.decide(request(REFUND_TICKET, fields, List.of("lookup_order", "issue_refund")));
    Decision done =
        activities.decide(
            request(
                REFUND_TICKET,
                fields,
                List.of("lookup_order", "issue_refund", "send_customer_email")));

    assertThat(first.intent()).isEqualTo("refund");
    assertThat(first.toolCalls())
        .containsExactly(
            new ToolCall("lookup_order", "Shop::Order::\"1002\"", Map.of("orderId", "1002")));
    assertThat(second.toolCalls())
        .containsExactly(
            new ToolCall(
                "issue_refund",
                "Shop::Order::\"1002\"",
                Map.of("orderId", "1002", "amountCents", "4999")));
    assertThat(third.toolCalls())
        .containsExactly(
            new ToolCall(
                "send_customer_email",
                "Shop::Customer::\"c-7\"",
                Map.of(
                    "customerId", "c-7",
                    "template", "refund_confirmation",
                    "includesCustomerData", "true")));
    assertThat(done.toolCalls()).isEmpty();
    assertThat(done.isFinal()).isTrue();
    assertThat(done.finalAnswer()).doesNotContain("1002", "c-7", "4999");
  }

  @Test
  void should_send_receipt_template_after_lookup_when_receipt_requested() {
    Map<String, String> fields = Map.of("orderId", "1004", "customerId", "c-9");

    Decision decision = activities.decide(request(RECEIPT_TICKET, fields, List.of("lookup_order")));

    assertThat(decision.intent()).isEqualTo("receipt");
    assertThat(decision.toolCalls()).hasSize(1);
    assertThat(decision.toolCalls().get(0).tool()).isEqualTo("send_customer_email");
    assertThat(decision.toolCalls().get(0).arguments())
        .containsEntry("template", "receipt")
        .containsEntry("includesCustomerData", "true");
  }

  @Test
  void should_default_destination_verified_to_false_when_export_field_absent() {
    Map<String, String> fields = Map.of("customerId", "c-3", "destination", "<email:1>");

    Decision decision = activities.decide(request(EXPORT_TICKET, fields, List.of()));

    assertThat(decision.intent()).isEqualTo("data_export");
    assertThat(decision.toolCalls())
        .containsExactly(
            new ToolCall(
                "export_customer_data",
                "Shop::Customer::\"c-3\"",
                Map.of(
                    "customerId", "c-3",
                    "destination", "<email:1>",
                    "destinationVerified", "false")));
  }

  @Test
  void should_escalate_with_intent_as_reason_then_finish_when_customer_is_angry() {
    Decision first = activities.decide(request(ANGRY_TICKET, Map.of(), List.of()));
    Decision done =
        activities.decide(request(ANGRY_TICKET, Map.of(), List.of("escalate_to_human")));

    assertThat(first.toolCalls())
        .containsExactly(
            new ToolCall(
                "escalate_to_human", "Shop::Queue::\"support\"", Map.of("reason", "escalation")));
    assertThat(done.isFinal()).isTrue();
  }

  @Test
  void should_escalate_naming_missing_field_when_refund_has_no_order_id() {
    Decision decision =
        activities.decide(request(REFUND_TICKET, Map.of("customerId", "c-7"), List.of()));

    assertThat(decision.intent()).isEqualTo("refund");
    assertThat(decision.toolCalls())
        .containsExactly(
            new ToolCall(
                "escalate_to_human",
                "Shop::Queue::\"support\"",
                Map.of("reason", "missing field `orderId` for refund")));
    assertThat(decision.rationale()).contains("missing field `orderId` for refund");
  }

  @Test
  void should_finish_instead_of_escalating_again_when_missing_field_was_already_escalated() {
    Decision decision =
        activities.decide(
            request(REFUND_TICKET, Map.of("customerId", "c-7"), List.of("escalate_to_human")));

    assertThat(decision.isFinal()).isTrue();
    assertThat(decision.toolCalls()).isEmpty();
  }

  @Test
  void should_escalate_for_low_confidence_when_ticket_is_outside_the_intents() {
    IntentPrediction prediction = model.predict(OFF_TOPIC_TICKET);
    assertThat(prediction.confidence())
        .as("precondition: the shipped model is unsure about this ticket")
        .isLessThan(InProcessInferenceActivities.MIN_CONFIDENCE);

    Decision decision =
        activities.decide(request(OFF_TOPIC_TICKET, Map.of("orderId", "1001"), List.of()));

    assertThat(decision.confidence()).isEqualTo(prediction.confidence());
    assertThat(decision.toolCalls())
        .containsExactly(
            new ToolCall(
                "escalate_to_human",
                "Shop::Queue::\"support\"",
                Map.of("reason", "low confidence")));
    assertThat(decision.rationale()).contains("low confidence", "below 0.50");
  }

  @Test
  void should_follow_plan_when_confidence_is_exactly_the_threshold() {
    IntentPrediction atThreshold =
        new IntentPrediction("order_status", 0.5, Map.of("order_status", 0.5, "refund", 0.5));
    InProcessInferenceActivities borderline =
        new InProcessInferenceActivities(text -> atThreshold, model.card());

    Decision decision =
        borderline.decide(request("Where is order 1001?", Map.of("orderId", "1001"), List.of()));

    assertThat(decision.toolCalls()).extracting(ToolCall::tool).containsExactly("lookup_order");
  }

  @Test
  void should_escalate_when_next_tool_is_not_allowed_for_the_agent() {
    InferenceRequest request =
        new InferenceRequest(
            "task-1",
            1,
            List.of(IN_PROCESS),
            observation(REFUND_TICKET),
            Map.of("orderId", "1002", "amountCents", "100"),
            List.of("lookup_order"),
            List.of("lookup_order", "escalate_to_human"));

    Decision decision = activities.decide(request);

    assertThat(decision.toolCalls())
        .extracting(ToolCall::tool)
        .containsExactly("escalate_to_human");
    assertThat(decision.toolCalls().get(0).arguments().get("reason")).contains("issue_refund");
  }

  @Test
  void should_end_without_proposing_any_tool_when_neither_plan_tool_nor_escalation_is_allowed() {
    InferenceRequest request =
        new InferenceRequest(
            "task-1",
            1,
            List.of(IN_PROCESS),
            observation(REFUND_TICKET),
            Map.of("orderId", "1002"),
            List.of(),
            List.of("export_customer_data"));

    Decision decision = activities.decide(request);

    assertThat(decision.toolCalls()).isEmpty();
    assertThat(decision.isFinal()).isTrue();
  }

  @Test
  void should_skip_unsupported_backends_and_record_them_when_in_process_comes_later() {
    InferenceRequest request =
        new InferenceRequest(
            "task-1",
            1,
            List.of(CLOSED, SELF_HOSTED, IN_PROCESS),
            observation(REFUND_TICKET),
            Map.of("orderId", "1002"),
            List.of(),
            ALL_TOOLS);

    Decision decision = activities.decide(request);

    assertThat(decision.provenance().backend()).isEqualTo("in-process-intent");
    assertThat(decision.provenance().fallbackChain())
        .containsExactly("openai-gpt:unsupported", "vllm-llama:unsupported", "in-process-intent");
  }

  @Test
  void should_fail_non_retryably_listing_backends_when_none_is_in_process() {
    InferenceRequest request =
        new InferenceRequest(
            "task-1",
            3,
            List.of(CLOSED, SELF_HOSTED),
            observation(REFUND_TICKET),
            Map.of(),
            List.of(),
            ALL_TOOLS);

    assertThatThrownBy(() -> activities.decide(request))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("NoBackendAvailable");
              assertThat(failure.isNonRetryable()).isTrue();
            })
        .hasMessageContaining("openai-gpt (closed_api)")
        .hasMessageContaining("vllm-llama (self_hosted)");
  }

  @Test
  void should_record_model_identity_and_usage_in_provenance_when_deciding() {
    Decision decision =
        activities.decide(request(REFUND_TICKET, Map.of("orderId", "1002"), List.of()));

    var provenance = decision.provenance();
    assertThat(provenance.hosting()).isEqualTo("in_process");
    assertThat(provenance.vendor()).isEqualTo("charter");
    assertThat(provenance.modelId()).isEqualTo("charter-intent");
    assertThat(provenance.modelVersion()).isEqualTo("v1");
    assertThat(provenance.weightsSha256()).isEqualTo(model.card().weightsSha256());
    assertThat(provenance.parameters())
        .contains(
            entry("seed", Long.toString(model.card().seed())),
            entry("temperature", "0"),
            entry("encoderId", "all-MiniLM-L6-v2"),
            entry("encoderSha256", model.card().encoderSha256()));
    assertThat(provenance.latencyMicros()).isPositive();
    assertThat(provenance.inputTokens()).isEqualTo(8);
    assertThat(provenance.outputTokens()).isZero();
    assertThat(provenance.costUsd()).isZero();
  }

  private static InferenceRequest request(
      String ticket, Map<String, String> fields, List<String> toolsDone) {
    return new InferenceRequest(
        "task-1",
        1,
        List.of(IN_PROCESS),
        observation(ticket),
        new HashMap<>(fields),
        toolsDone,
        ALL_TOOLS);
  }

  private static Observation observation(String redacted) {
    return new Observation(
        1,
        "0".repeat(64),
        redacted,
        new DataLabels("CONFIDENTIAL", List.of(), "eu"),
        false,
        List.of("ticket"));
  }
}
