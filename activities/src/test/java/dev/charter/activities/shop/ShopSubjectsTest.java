package dev.charter.activities.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.activities.perception.RulePerceptionActivities;
import dev.charter.contract.Observation;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.TaskInput;
import dev.charter.contract.ToolResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Perception with the customer's own record from the shop database: attacks that spell the
 * customer's values the way a person would, hide them in tool results, or make the ticket lie about
 * whose record it is.
 */
class ShopSubjectsTest {

  @TempDir Path directory;

  private RulePerceptionActivities perception;

  @BeforeEach
  void setUp() {
    perception =
        new RulePerceptionActivities(
            RulePerceptionActivities.DEFAULT_TRUSTED_SOURCES,
            new ShopSubjects(ShopDatabaseFixture.h2File(directory)));
  }

  @Test
  void
      should_redact_every_value_of_the_orders_customer_in_any_spelling_when_the_ticket_names_only_the_order() {
    String ticket =
        "hi it's ANA LIMA (Ana.Lima? no: ana@EXAMPLE.com). Ship to rua das flores 12 please,"
            + " or call 912-345-678. Lima here again; account C-100.";

    Observation observation = perceive(Map.of("orderId", "1001"), ticket);

    assertThat(observation.redactedContent())
        .doesNotContainIgnoringCase("ana")
        .doesNotContainIgnoringCase("lima")
        .doesNotContainIgnoringCase("example.com")
        .doesNotContainIgnoringCase("flores")
        .doesNotContain("345")
        .doesNotContainIgnoringCase("c-100")
        .contains("<name:1>", "<email:1>", "<address:1>", "<phone:1>", "<customer-id:1>");
    assertThat(observation.labels().piiKinds())
        .contains("person_name", "postal_address", "phone", "email", "customer_id");
    assertThat(observation.labels().classification()).isEqualTo("CONFIDENTIAL");
  }

  @Test
  void should_still_redact_the_orders_customer_when_the_ticket_claims_another_customer_id() {
    // the attacker names Ben's id to steer the lookup away from Ana, whose order this is
    Observation observation =
        perceive(
            Map.of("orderId", "1001", "customerId", "c-101"),
            "Ana Lima lives at Rua das Flores 12, 4050-262 Porto; Ben Okafor is cc'd.");

    assertThat(observation.redactedContent())
        .doesNotContain("Ana", "Lima", "Flores", "Porto", "Ben", "Okafor");
  }

  @Test
  void should_take_the_values_from_the_record_never_from_what_the_ticket_claims() {
    // a ticket cannot register a name of its own choosing, nor a false email, as "the customer"
    Observation observation =
        perceive(
            Map.of("customerId", "c-100", "name", "Ana Lima", "email", "mallory@evil.example"),
            "I am Zed Quorra, and the account holder is Ana Lima.");

    assertThat(observation.redactedContent())
        .isEqualTo("I am Zed Quorra, and the account holder is <name:1>.");
  }

  @Test
  void should_redact_the_customers_values_in_tool_results() {
    Observation observation =
        new RulePerceptionActivities(
                RulePerceptionActivities.DEFAULT_TRUSTED_SOURCES,
                new ShopSubjects(ShopDatabaseFixture.h2File(directory.resolve("tools"))))
            .perceive(
                new PerceptionRequest(
                    "t-tool",
                    2,
                    "eu",
                    List.of(
                        new TaskInput("ticket", "operator", "status?", Map.of("orderId", "1002"))),
                    List.of(
                        new ToolResult(
                            "lookup_order",
                            "t-tool/1/0",
                            Map.of("note", "courier left it with Ben Okafor, Lindenstrasse 5"),
                            false,
                            null))));

    assertThat(observation.redactedContent())
        .endsWith("lookup_order: note=courier left it with <name:1>, <address:1>");
  }

  @Test
  void should_fall_back_to_patterns_when_the_ticket_names_no_known_record() {
    Observation observation =
        perceive(
            Map.of("customerId", "c-999", "orderId", "9999"),
            "Ana Lima, ana@example.com, Rua das Flores 12.");

    // the email is still found by its pattern; the name and street need the record
    assertThat(observation.redactedContent()).isEqualTo("Ana Lima, <email:1>, Rua das Flores 12.");
  }

  @Test
  void should_fail_retryably_when_the_shop_database_is_down() {
    JdbcDataSource down = new JdbcDataSource();
    down.setURL("jdbc:h2:tcp://127.0.0.1:1/nowhere");
    DataSource unreachable = down;
    RulePerceptionActivities blind =
        new RulePerceptionActivities(
            RulePerceptionActivities.DEFAULT_TRUSTED_SOURCES, new ShopSubjects(unreachable));

    assertThatThrownBy(
            () ->
                blind.perceive(
                    new PerceptionRequest(
                        "t-down",
                        1,
                        "eu",
                        List.of(new TaskInput("ticket", "operator", "x", Map.of("orderId", "1"))),
                        List.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("shop database unavailable while reading task subjects");
  }

  private Observation perceive(Map<String, String> fields, String ticket) {
    return perception.perceive(
        new PerceptionRequest(
            "t-subject",
            1,
            "eu",
            List.of(new TaskInput("ticket", "customer_email", ticket, fields)),
            List.of()));
  }
}
