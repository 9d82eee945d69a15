package dev.charter.activities.shop;

import static dev.charter.activities.shop.ShopDatabaseFixture.count;
import static dev.charter.activities.shop.ShopDatabaseFixture.refundedCents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.contract.Compensation;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopToolActivitiesTest {

  @TempDir Path directory;

  private DataSource dataSource;
  private ShopToolActivities activities;

  @BeforeEach
  void migrate() {
    dataSource = ShopDatabaseFixture.h2File(directory);
    activities = new ShopToolActivities(dataSource, TestPermits.PERMITS);
  }

  @Test
  void should_seed_the_demo_shop_once_when_migrated_twice() {
    ShopDatabase.migrate(dataSource);

    assertThat(count(dataSource, "SELECT COUNT(*) FROM customer WHERE tenant = 'acme-shop'"))
        .isEqualTo(5);
    assertThat(count(dataSource, "SELECT COUNT(*) FROM orders")).isEqualTo(6);
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM customer WHERE id = 'c-104' AND email_deliverable = FALSE"))
        .isEqualTo(1);
  }

  @Test
  void should_return_order_ids_and_amounts_when_looking_up_an_order() {
    ToolResult result = activities.execute(invocation("t/1/0", "lookup_order", "orderId", "1002"));

    assertThat(result.output())
        .containsEntry("orderId", "1002")
        .containsEntry("status", "delivered")
        .containsEntry("totalCents", "4900")
        .containsEntry("refundedCents", "0")
        .containsEntry("customerId", "c-101")
        .containsKey("item");
    assertThat(result.replayed()).isFalse();
    assertThat(result.compensation()).isNull();
  }

  @Test
  void should_fail_OrderNotFound_when_order_is_unknown_or_of_another_tenant() {
    assertFailure(
        () -> activities.execute(invocation("t/1/0", "lookup_order", "orderId", "9999")),
        "OrderNotFound",
        "`9999`");
    assertFailure(
        () -> activities.execute(invocation("t/1/1", "lookup_order", "orderId", "1006")),
        "OrderNotFound",
        "`1006`");
  }

  @Test
  void should_apply_refund_and_offer_its_reversal_when_refund_fits_the_order() {
    ToolResult result = activities.execute(refund("task-1/1/0", "1002", "1500"));

    assertThat(result.output())
        .containsEntry("orderId", "1002")
        .containsEntry("amountCents", "1500");
    String refundId = result.output().get("refundId");
    assertThat(refundedCents(dataSource, "1002")).isEqualTo(1500);
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM refund WHERE id = ? AND status = 'applied'",
                refundId))
        .isEqualTo(1);
    Compensation compensation = result.compensation();
    assertThat(compensation.idempotencyKey()).isEqualTo("task-1/1/0/compensate");
    assertThat(compensation.forKey()).isEqualTo("task-1/1/0");
    assertThat(compensation.call().tool()).isEqualTo("reverse_refund");
    assertThat(compensation.call().arguments()).containsExactly(Map.entry("refundId", refundId));
  }

  @Test
  void should_apply_refund_once_when_the_same_call_is_retried() {
    ToolResult first = activities.execute(refund("task-1/2/0", "1003", "5000"));
    ToolResult retried = activities.execute(refund("task-1/2/0", "1003", "5000"));

    assertThat(retried.replayed()).isTrue();
    assertThat(retried.output()).isEqualTo(first.output());
    assertThat(retried.compensation()).isEqualTo(first.compensation());
    assertThat(refundedCents(dataSource, "1003")).isEqualTo(5000);
    assertThat(count(dataSource, "SELECT COUNT(*) FROM refund WHERE order_id = '1003'"))
        .isEqualTo(1);
  }

  @Test
  void should_apply_refund_once_when_four_workers_race_on_the_same_key() throws Exception {
    List<ToolResult> results =
        ShopRace.refundRace(dataSource, ShopRace.H2, "task-race/1/0", "1004", "30000");

    assertThat(results).filteredOn(r -> !r.replayed()).hasSize(1);
    assertThat(results).extracting(ToolResult::output).containsOnly(results.get(0).output());
    assertThat(refundedCents(dataSource, "1004")).isEqualTo(30000);
    assertThat(count(dataSource, "SELECT COUNT(*) FROM refund WHERE order_id = '1004'"))
        .isEqualTo(1);
  }

  @Test
  void should_refuse_RefundExceedsOrder_and_write_nothing_when_refund_exceeds_the_total() {
    activities.execute(refund("task-2/1/0", "1002", "4000"));

    assertFailure(
        () -> activities.execute(refund("task-2/2/0", "1002", "1000")),
        "RefundExceedsOrder",
        "order `1002`");
    assertThat(refundedCents(dataSource, "1002")).isEqualTo(4000);
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM tool_execution WHERE idempotency_key = 'task-2/2/0'"))
        .isZero();
    assertThat(count(dataSource, "SELECT COUNT(*) FROM refund")).isEqualTo(1);
  }

  @Test
  void should_refuse_by_the_tool_contract_when_the_amount_is_not_positive() {
    assertFailure(
        () -> activities.execute(refund("task-2/3/0", "1002", "0")),
        "InvalidToolArguments",
        "`amountCents` = `0` breaks rule `minimum`");
    assertFailure(
        () -> activities.execute(refund("task-2/3/1", "1002", "-500")),
        "InvalidToolArguments",
        "`amountCents` = `-500` breaks rule `minimum`");
    assertThat(refundedCents(dataSource, "1002")).isZero();
  }

  @Test
  void should_reverse_a_refund_once_when_compensated_twice() {
    ToolResult refund = activities.execute(refund("task-3/1/0", "1003", "7000"));

    ToolResult reversal = activities.compensate(TestPermits.permitted(refund.compensation()));
    ToolResult again = activities.compensate(TestPermits.permitted(refund.compensation()));

    assertThat(reversal.output())
        .containsEntry("status", "reversed")
        .containsEntry("changed", "true");
    assertThat(reversal.idempotencyKey()).isEqualTo("task-3/1/0/compensate");
    assertThat(again.replayed()).isTrue();
    assertThat(refundedCents(dataSource, "1003")).isZero();
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM refund WHERE status = 'reversed' AND reversed_at IS NOT NULL"))
        .isEqualTo(1);
  }

  @Test
  void should_change_the_books_once_when_a_refund_is_reversed_under_two_keys() {
    ToolResult refund = activities.execute(refund("task-4/1/0", "1003", "7000"));
    activities.execute(refund("task-4/2/0", "1003", "3000"));
    ToolCall reverse = refund.compensation().call();

    activities.compensate(
        TestPermits.permitted(new Compensation(reverse, "task-4/1/0/compensate", "task-4/1/0")));
    ToolResult second =
        activities.compensate(
            TestPermits.permitted(new Compensation(reverse, "operator/undo-1", "task-4/1/0")));

    assertThat(second.replayed()).isFalse();
    assertThat(second.output()).containsEntry("changed", "false");
    assertThat(refundedCents(dataSource, "1003")).isEqualTo(3000);
  }

  @Test
  void should_queue_the_email_in_the_outbox_when_the_customer_is_deliverable() {
    ToolResult result =
        activities.execute(
            invocation(
                "task-5/1/0",
                "send_customer_email",
                "customerId",
                "c-101",
                "template",
                "refund_confirmation",
                "orderId",
                "1002"));

    assertThat(result.output())
        .containsEntry("customerId", "c-101")
        .containsEntry("template", "refund_confirmation")
        .containsEntry("status", "queued");
    assertThat(result.compensation()).isNull();
    assertThat(
            count(
                dataSource,
                "SELECT COUNT(*) FROM outbound_email WHERE id = ? AND customer_id = 'c-101'"
                    + " AND order_id = '1002' AND includes_customer_data = TRUE",
                result.output().get("emailId")))
        .isEqualTo(1);
  }

  @Test
  void should_refuse_EmailUndeliverable_when_the_customer_email_bounced() {
    assertFailure(
        () ->
            activities.execute(
                invocation(
                    "task-6/1/0",
                    "send_customer_email",
                    "customerId",
                    "c-104",
                    "template",
                    "refund_confirmation")),
        "EmailUndeliverable",
        "`c-104`");
    assertThat(count(dataSource, "SELECT COUNT(*) FROM outbound_email")).isZero();
  }

  @Test
  void should_queue_an_export_when_the_destination_is_verified_for_the_customer() {
    ToolResult result =
        activities.execute(
            invocation(
                "task-7/1/0",
                "export_customer_data",
                "customerId",
                "c-100",
                "destination",
                "sftp://exports.acme-shop.example/c-100"));

    assertThat(result.output())
        .containsEntry("customerId", "c-100")
        .containsEntry("status", "queued")
        .containsKey("exportId");
    assertThat(result.compensation()).isNull();
    assertThat(count(dataSource, "SELECT COUNT(*) FROM data_export WHERE customer_id = 'c-100'"))
        .isEqualTo(1);
    assertFailure(
        () ->
            activities.execute(
                invocation(
                    "task-7/1/1",
                    "export_customer_data",
                    "customerId",
                    "c-900",
                    "destination",
                    "https://partner.example.net/inbox")),
        "CustomerNotFound",
        "`c-900`");
    assertFailure(
        () ->
            activities.execute(
                invocation(
                    "task-7/1/2",
                    "export_customer_data",
                    "customerId",
                    "c-100",
                    "destination",
                    "https://partner.example.net/inbox")),
        "DestinationNotVerified",
        "`https://partner.example.net/inbox`");
  }

  @Test
  void should_open_an_escalation_on_the_support_queue_when_escalating() {
    ToolResult result =
        activities.execute(
            invocation(
                "task-8/1/0", "escalate_to_human", "reason", "customer disputes the charge"));

    assertThat(result.output()).containsEntry("queue", "support").containsKey("escalationId");
    assertThat(result.output()).doesNotContainValue("customer disputes the charge");
    assertThat(count(dataSource, "SELECT COUNT(*) FROM escalation WHERE queue = 'support'"))
        .isEqualTo(1);
  }

  @Test
  void should_fail_UnknownTool_listing_known_tools_when_the_tool_does_not_exist() {
    assertFailure(
        () ->
            activities.execute(invocation("task-9/1/0", "delete_customer", "customerId", "c-100")),
        "UnknownTool",
        "`delete_customer`",
        "issue_refund",
        "lookup_order");
  }

  @Test
  void should_fail_UnknownTool_when_a_compensation_calls_a_tool_that_does_not_undo() {
    ToolCall notAnUndo =
        new ToolCall("issue_refund", null, Map.of("orderId", "1002", "amountCents", "10"));

    assertFailure(
        () ->
            activities.compensate(
                TestPermits.permitted(new Compensation(notAnUndo, "k/compensate", "k"))),
        "UnknownTool",
        "`issue_refund`",
        "reverse_refund");
    assertThat(refundedCents(dataSource, "1002")).isZero();
  }

  @Test
  void should_fail_InvalidToolArguments_naming_the_argument_when_missing_or_malformed() {
    assertFailure(
        () -> activities.execute(invocation("task-10/1/0", "issue_refund", "orderId", "1002")),
        "InvalidToolArguments",
        "`amountCents`");
    assertFailure(
        () -> activities.execute(refund("task-10/1/1", "1002", "ten euros")),
        "InvalidToolArguments",
        "`amountCents`",
        "`ten euros`");
    assertFailure(
        () ->
            activities.execute(
                invocation("task-10/1/2", "lookup_order", "orderId", "1002", "orderID", "1003")),
        "InvalidToolArguments",
        "orderID");
    assertFailure(
        () ->
            activities.execute(
                invocation(
                    "task-10/1/3",
                    "send_customer_email",
                    "customerId",
                    "c-100",
                    "template",
                    "hello",
                    "includesCustomerData",
                    "false")),
        "InvalidToolArguments",
        "includesCustomerData");
    assertFailure(
        () -> activities.execute(refund(" ", "1002", "100")),
        "InvalidToolArguments",
        "idempotency");
    assertThat(count(dataSource, "SELECT COUNT(*) FROM tool_execution")).isZero();
  }

  @Test
  void should_refuse_IdempotencyKeyReused_when_a_key_comes_back_with_other_arguments() {
    activities.execute(refund("task-11/1/0", "1003", "1000"));

    assertFailure(
        () -> activities.execute(refund("task-11/1/0", "1003", "2000")),
        "IdempotencyKeyReused",
        "`task-11/1/0`");
    assertFailure(
        () -> activities.execute(invocation("task-11/1/0", "lookup_order", "orderId", "1003")),
        "IdempotencyKeyReused",
        "`issue_refund`");
    assertThat(refundedCents(dataSource, "1003")).isEqualTo(1000);
  }

  @Test
  void should_keep_customer_names_and_emails_out_of_every_tool_output_when_tools_run()
      throws Exception {
    List<ToolResult> results =
        List.of(
            activities.execute(invocation("p/1/0", "lookup_order", "orderId", "1001")),
            activities.execute(refund("p/1/1", "1001", "100")),
            activities.execute(
                invocation(
                    "p/1/2",
                    "send_customer_email",
                    "customerId",
                    "c-100",
                    "template",
                    "order_status")),
            activities.execute(
                invocation(
                    "p/1/3",
                    "export_customer_data",
                    "customerId",
                    "c-100",
                    "destination",
                    "sftp://exports.acme-shop.example/c-100")));

    String serialized = new ObjectMapper().writeValueAsString(results);

    assertThat(serialized).doesNotContain("ana@example.com", "Ana Lima", "Ana");
  }

  private static ToolInvocation refund(String key, String orderId, String amountCents) {
    return invocation(key, "issue_refund", "orderId", orderId, "amountCents", amountCents);
  }

  private static ToolInvocation invocation(String key, String tool, String... keyValues) {
    Map<String, String> arguments = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      arguments.put(keyValues[i], keyValues[i + 1]);
    }
    return TestPermits.permitted(
        new ToolInvocation("task", 1, key, new ToolCall(tool, null, arguments)));
  }

  private static void assertFailure(ThrowingCallable call, String type, String... messageParts) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(type);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains(messageParts);
            });
  }
}
