package dev.charter.activities.shop;

import static dev.charter.activities.shop.ShopDatabaseFixture.refundedCents;
import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.shop.SplitRefunds.Attempt;
import dev.charter.contract.Outcome;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten refunds of $99 on one $250 order (order 1003), decided on what the shop database says the
 * order has left, on H2; {@code ShopDatabasePostgresIT} runs the same on PostgreSQL.
 */
class SplitRefundTest {

  @TempDir Path directory;

  @Test
  void should_refund_no_more_than_the_order_allows_when_ten_small_refunds_are_asked()
      throws Exception {
    DataSource shop = ShopDatabaseFixture.h2File(directory);

    List<Attempt> attempts = SplitRefunds.run(shop, "1003", "9900", 10, false);

    assertSplitRefundsHeld(attempts, shop, false);
  }

  @Test
  void should_stop_at_the_order_total_when_a_lead_approves_every_split_refund() throws Exception {
    DataSource shop = ShopDatabaseFixture.h2File(directory);

    List<Attempt> attempts = SplitRefunds.run(shop, "1003", "9900", 10, true);

    assertSplitRefundsHeld(attempts, shop, true);
  }

  /**
   * Without approvals: the first $99 goes through; every later one passes $100 on the order and
   * waits for a lead, who never comes. With approvals: two go through ($198 of $250); every later
   * one would exceed the order and is denied, whoever approves.
   */
  static void assertSplitRefundsHeld(List<Attempt> attempts, DataSource shop, boolean approved) {
    // the figures, for the report: first verdicts, refunds executed, cents refunded of the total
    System.out.printf(
        "split refunds on order 1003 (lead approves: %s): %d asked, first verdicts %s,"
            + " %d executed, %d of 25000 cents refunded%n",
        approved,
        attempts.size(),
        attempts.stream().map(a -> a.verdict().name()).toList(),
        attempts.stream().filter(Attempt::executed).count(),
        refundedCents(shop, "1003"));
    assertThat(attempts).hasSize(10);
    assertThat(attempts.get(0).verdict()).isEqualTo(Outcome.ALLOW);
    assertThat(attempts.get(1).verdict()).isEqualTo(Outcome.REQUIRE_APPROVAL);
    assertThat(attempts.get(1).determiningPolicies())
        .contains("refund-needs-lead-approval", "refund-customer-daily-approval");
    long executed = attempts.stream().filter(Attempt::executed).count();
    assertThat(executed).isEqualTo(approved ? 2 : 1);
    assertThat(refundedCents(shop, "1003")).isEqualTo(executed * 9900).isLessThanOrEqualTo(25000);
    List<Attempt> rest = attempts.subList(approved ? 2 : 1, 10);
    assertThat(rest).noneMatch(Attempt::executed);
    assertThat(rest)
        .allMatch(a -> a.verdict() == Outcome.DENY || a.verdict() == Outcome.REQUIRE_APPROVAL);
    if (approved) {
      assertThat(rest)
          .allSatisfy(
              a -> {
                assertThat(a.verdict()).isEqualTo(Outcome.DENY);
                assertThat(a.determiningPolicies()).contains("refund-within-order-total");
              });
    }
  }
}
