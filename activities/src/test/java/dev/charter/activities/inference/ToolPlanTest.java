package dev.charter.activities.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.model.Intent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolPlanTest {

  @Test
  void should_count_each_done_tool_once_when_plan_repeats_a_tool() {
    List<String> plan = List.of("lookup_order", "issue_refund", "lookup_order");

    assertThat(ToolPlan.nextStep(plan, List.of("lookup_order"))).contains("issue_refund");
    assertThat(ToolPlan.nextStep(plan, List.of("lookup_order", "issue_refund")))
        .contains("lookup_order");
    assertThat(ToolPlan.nextStep(plan, List.of("lookup_order", "issue_refund", "lookup_order")))
        .isEmpty();
  }

  @Test
  void should_ignore_unplanned_done_tools_when_finding_next_step() {
    assertThat(ToolPlan.nextStep(ToolPlan.forIntent(Intent.RECEIPT), List.of("issue_refund")))
        .contains("lookup_order");
  }

  @Test
  void should_escape_quotes_in_entity_id_when_field_tries_to_break_out_of_target() {
    ToolPlan.Built built =
        ToolPlan.build("lookup_order", Intent.ORDER_STATUS, Map.of("orderId", "1\" || true"));

    assertThat(built.call().target()).isEqualTo("Shop::Order::\"1\\\" || true\"");
  }

  @Test
  void should_name_amount_when_refund_has_order_but_no_amount() {
    ToolPlan.Built built = ToolPlan.build("issue_refund", Intent.REFUND, Map.of("orderId", "1002"));

    assertThat(built.call()).isNull();
    assertThat(built.missingField()).isEqualTo("amountCents");
  }
}
