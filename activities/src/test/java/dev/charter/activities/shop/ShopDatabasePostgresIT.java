package dev.charter.activities.shop;

import static dev.charter.activities.shop.ShopDatabaseFixture.count;
import static dev.charter.activities.shop.ShopDatabaseFixture.refundedCents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same support desk on PostgreSQL, in a schema of its own that is dropped afterwards. Skipped
 * when no server listens on 127.0.0.1:5432, except in CI ({@code CI=true}), where that fails.
 */
class ShopDatabasePostgresIT {

  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";

  private final String schema = "shop_it_" + UUID.randomUUID().toString().replace("-", "");
  private PGSimpleDataSource dataSource;

  @BeforeEach
  void createSchema() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    dataSource = new PGSimpleDataSource();
    dataSource.setURL(URL);
    dataSource.setUser(USER);
    dataSource.setCurrentSchema(schema);
    ShopDatabase.migrate(dataSource);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL, USER, null);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void should_run_tools_exactly_once_when_the_desk_lives_on_postgresql() {
    ShopToolActivities activities = new ShopToolActivities(dataSource, TestPermits.PERMITS);

    ToolResult refund = activities.execute(refund("pg/1/0", "1002", "1900"));
    ToolResult retried = activities.execute(refund("pg/1/0", "1002", "1900"));
    activities.compensate(TestPermits.permitted(refund.compensation()));
    activities.compensate(TestPermits.permitted(refund.compensation()));

    assertThat(retried.replayed()).isTrue();
    assertThat(refundedCents(dataSource, "1002")).isZero();
    assertThat(count(dataSource, "SELECT COUNT(*) FROM refund WHERE status = 'reversed'"))
        .isEqualTo(1);
    assertThatThrownBy(() -> activities.execute(refund("pg/2/0", "1002", "5000")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> assertThat(failure.getType()).isEqualTo("RefundExceedsOrder"));
  }

  @Test
  void should_apply_refund_once_when_four_workers_race_on_postgresql() throws Exception {
    List<ToolResult> results =
        ShopRace.refundRace(dataSource, ShopRace.POSTGRESQL, "pg-race/1/0", "1004", "30000");

    assertThat(results).filteredOn(r -> !r.replayed()).hasSize(1);
    assertThat(refundedCents(dataSource, "1004")).isEqualTo(30000);
    assertThat(count(dataSource, "SELECT COUNT(*) FROM refund WHERE order_id = '1004'"))
        .isEqualTo(1);
  }

  @Test
  void should_refund_no_more_than_the_order_allows_when_ten_small_refunds_are_asked_on_postgresql()
      throws Exception {
    List<SplitRefunds.Attempt> attempts = SplitRefunds.run(dataSource, "1003", "9900", 10, true);

    SplitRefundTest.assertSplitRefundsHeld(attempts, dataSource, true);
  }

  private static Connection connect() {
    try {
      return DriverManager.getConnection(URL, USER, null);
    } catch (SQLException unreachable) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            "CI=true but PostgreSQL at " + URL + " is unreachable: " + unreachable.getMessage(),
            unreachable);
      }
      Assumptions.abort(
          "PostgreSQL at "
              + URL
              + " (user "
              + USER
              + ") is unreachable, skipping: "
              + unreachable.getMessage());
      throw new IllegalStateException("unreachable", unreachable);
    }
  }

  private static ToolInvocation refund(String key, String orderId, String amountCents) {
    return TestPermits.permitted(
        new ToolInvocation(
            "task",
            1,
            key,
            new ToolCall(
                "issue_refund", null, Map.of("orderId", orderId, "amountCents", amountCents))));
  }
}
