package dev.charter.activities.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.contract.ToolCall;
import dev.charter.policy.PolicyBundle;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ToolContractsTest {

  private final ToolContracts contracts = ToolContracts.standard();

  @Test
  void should_have_a_contract_covering_the_cedar_input_of_every_tool_of_the_bundle()
      throws Exception {
    PolicyBundle bundle = PolicyBundle.loadClasspath("policies/support-desk");

    bundle
        .toolInputs()
        .forEach(
            (tool, input) ->
                assertThat(contracts.find(tool))
                    .as(tool)
                    .hasValueSatisfying(
                        contract -> assertThat(contract.arguments()).containsAll(input.keySet())));
  }

  @Test
  void should_give_cedar_every_argument_the_contract_takes_and_require_what_it_requires()
      throws Exception {
    PolicyBundle bundle = PolicyBundle.loadClasspath("policies/support-desk");

    bundle
        .toolInputs()
        .forEach(
            (tool, input) -> {
              ToolContract contract = contracts.find(tool).orElseThrow();
              // an argument the contract takes but Cedar does not would be refused by the
              // authorizer though the contract allows it
              assertThat(input.keySet()).as(tool).containsAll(contract.arguments());
              Set<String> required = new TreeSet<>(input.keySet());
              required.removeAll(bundle.optionalToolInputs().get(tool));
              assertThat(required)
                  .as(tool)
                  .containsExactlyInAnyOrderElementsOf(contract.required());
            });
  }

  @Test
  void should_accept_a_call_that_keeps_the_contract() {
    contracts.check(call("issue_refund", Map.of("orderId", "1002", "amountCents", "4900")));
    contracts.check(
        call(
            "send_customer_email",
            Map.of("customerId", "c-101", "template", "receipt", "orderId", "1002")));
  }

  @Test
  void should_name_argument_and_rule_when_a_call_breaks_the_contract() {
    assertRefused(
        call("issue_refund", Map.of("orderId", "1002", "amountCents", "0")),
        "tool `issue_refund`: argument `amountCents` = `0` breaks rule `minimum`: must be at least"
            + " 1");
    assertRefused(
        call("issue_refund", Map.of("orderId", "1002", "amountCents", "99.5")),
        "tool `issue_refund`: argument `amountCents` = `99.5` breaks rule `type`: must be an"
            + " integer");
    assertRefused(
        call("lookup_order", Map.of("orderId", "1002' OR '1'='1")),
        "tool `lookup_order`: argument `orderId` = `1002' OR '1'='1` breaks rule `pattern`: must"
            + " match ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$");
    assertRefused(
        call("send_customer_email", Map.of("customerId", "c-101", "template", "invoice_wire")),
        "tool `send_customer_email`: argument `template` = `invoice_wire` breaks rule `enum`: must"
            + " be one of [order_status, general_reply, refund_confirmation, receipt,"
            + " export_ready]");
    assertRefused(
        call(
            "export_customer_data",
            Map.of("customerId", "c-100", "destination", "s3://x", "destinationVerified", "true")),
        "tool `export_customer_data`: argument `destinationVerified` = `true` breaks rule"
            + " `additionalProperties`: is not an argument of it; it takes [customerId,"
            + " destination]");
    assertRefused(
        call("escalate_to_human", Map.of()),
        "tool `escalate_to_human`: argument `reason` breaks rule `required`: is missing");
  }

  @Test
  void should_refuse_a_tool_without_a_contract() {
    assertThatThrownBy(() -> contracts.check(call("delete_everything", Map.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("UnknownTool"));
  }

  private void assertRefused(ToolCall call, String message) {
    assertThatThrownBy(() -> contracts.check(call))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo("InvalidToolArguments");
              assertThat(f.getOriginalMessage()).isEqualTo(message);
            });
  }

  private static ToolCall call(String tool, Map<String, String> arguments) {
    return new ToolCall(tool, "Shop::Order::\"1002\"", arguments);
  }
}
