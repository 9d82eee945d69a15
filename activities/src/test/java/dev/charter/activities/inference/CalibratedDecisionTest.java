package dev.charter.activities.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.contract.BackendRef;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.ToolCall;
import dev.charter.model.IntentModel;
import dev.charter.model.IntentPrediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calibrated model (v3, real weights) at run time: abstentions go to a human with the reason,
 * the provenance carries thresholds and OOD score, the intent is decided on the customer's own text
 * and tool results inform the next action.
 */
class CalibratedDecisionTest {

  private static final BackendRef IN_PROCESS =
      new BackendRef("in-process-intent", "in_process", "charter", "eu", false);
  private static final List<String> ALL_TOOLS =
      List.of(
          "lookup_order",
          "issue_refund",
          "send_customer_email",
          "export_customer_data",
          "escalate_to_human");
  private static final Map<String, String> REFUND_FIELDS =
      Map.of("orderId", "1002", "amountCents", "4900", "customerId", "c-101");

  private static IntentModel v3;
  private static InProcessInferenceActivities activities;

  @BeforeAll
  static void load() {
    v3 = IntentModel.load("v3");
    activities = new InProcessInferenceActivities(v3);
  }

  @AfterAll
  static void close() {
    v3.close();
  }

  @Test
  void should_escalate_with_reason_when_ticket_asks_about_the_refund_policy() {
    Decision decision =
        activities.decide(request("What is your refund policy?", REFUND_FIELDS, List.of()));

    assertThat(decision.toolCalls())
        .extracting(ToolCall::tool)
        .containsExactly("escalate_to_human");
    assertThat(decision.toolCalls().get(0).arguments().get("reason"))
        .isIn("fits no plan", "out of distribution", "low confidence");
    assertThat(decision.provenance().calibration()).isNotNull();
    assertThat(decision.provenance().calibration().abstention())
        .isEqualTo(decision.toolCalls().get(0).arguments().get("reason"));
  }

  @Test
  void should_act_and_record_thresholds_when_refund_request_is_clear() {
    Decision decision =
        activities.decide(
            request(
                "The blender arrived broken, please refund order 1002.", REFUND_FIELDS, List.of()));

    assertThat(decision.intent()).isEqualTo("refund");
    assertThat(decision.toolCalls()).extracting(ToolCall::tool).containsExactly("lookup_order");
    var calibration = decision.provenance().calibration();
    assertThat(calibration.abstention()).isNull();
    assertThat(calibration.temperature()).isEqualTo(v3.card().calibration().temperature());
    assertThat(calibration.confidenceThreshold())
        .isEqualTo(v3.card().calibration().confidenceThreshold());
    assertThat(calibration.oodScore()).isLessThanOrEqualTo(calibration.oodThreshold());
    assertThat(decision.confidence()).isGreaterThanOrEqualTo(calibration.confidenceThreshold());
  }

  @Test
  void should_classify_only_the_customer_text_when_tool_results_follow_it() {
    List<String> seen = new ArrayList<>();
    InProcessInferenceActivities recording =
        new InProcessInferenceActivities(
            text -> {
              seen.add(text);
              return new IntentPrediction("refund", 0.99, Map.of("refund", 0.99));
            },
            v3.card());
    String customer = "Please refund order 1002, it is broken.";
    String observed =
        customer
            + "\nlookup_order: customerId=c-101, item=blender, orderId=1002, refundedCents=0,"
            + " status=delivered, totalCents=4900";

    Decision decision = recording.decide(request(observed, REFUND_FIELDS, List.of("lookup_order")));

    assertThat(seen).containsExactly(customer);
    assertThat(decision.toolCalls()).extracting(ToolCall::tool).containsExactly("issue_refund");
  }

  @Test
  void should_hand_over_instead_of_refunding_when_lookup_shows_order_already_refunded() {
    InProcessInferenceActivities confident =
        new InProcessInferenceActivities(
            text -> new IntentPrediction("refund", 0.99, Map.of("refund", 0.99)), v3.card());
    String observed =
        "Please refund order 1002, it is broken."
            + "\nlookup_order: customerId=c-101, item=blender, orderId=1002, refundedCents=4900,"
            + " status=delivered, totalCents=4900";

    Decision decision = confident.decide(request(observed, REFUND_FIELDS, List.of("lookup_order")));

    assertThat(decision.toolCalls())
        .containsExactly(
            new ToolCall(
                "escalate_to_human",
                "Shop::Queue::\"support\"",
                Map.of("reason", "the order is already refunded in full")));
  }

  @Test
  void should_treat_the_whole_text_as_the_customers_when_last_lines_are_not_tool_results() {
    CustomerText text =
        CustomerText.of("Refund order 7.\nissue_refund: amountCents=1", List.of("lookup_order"));

    assertThat(text.customer()).isEqualTo("Refund order 7.\nissue_refund: amountCents=1");
    assertThat(text.results()).isEmpty();
  }

  private static InferenceRequest request(
      String observed, Map<String, String> fields, List<String> toolsDone) {
    return new InferenceRequest(
        "task-1",
        1 + toolsDone.size(),
        List.of(IN_PROCESS),
        new Observation(
            1,
            "0".repeat(64),
            observed,
            new DataLabels("CONFIDENTIAL", List.of(), "eu"),
            !toolsDone.isEmpty(),
            List.of("ticket")),
        fields,
        toolsDone,
        ALL_TOOLS);
  }
}
