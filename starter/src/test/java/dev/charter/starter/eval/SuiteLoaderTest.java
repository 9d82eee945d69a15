package dev.charter.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.starter.eval.EvalSuite.EvalCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteLoaderTest {

  private final SuiteLoader loader = new SuiteLoader();

  @Test
  void should_ship_at_least_80_cases_across_every_intent_and_outcome() {
    List<EvalSuite> suites = loader.shipped();
    List<EvalCase> cases = suites.stream().flatMap(s -> s.cases().stream()).toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
    assertThat(cases.stream().map(c -> c.expect().intent()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "order_status", "refund", "receipt", "data_export", "escalation", "other");
    assertThat(cases.stream().map(c -> c.expect().state().name()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("COMPLETED", "DENIED", "FAILED");
    Set<String> verdicts =
        cases.stream()
            .flatMap(c -> c.expect().path().stream())
            .map(p -> p.verdict().name())
            .collect(Collectors.toSet());
    assertThat(verdicts).containsExactlyInAnyOrder("ALLOW", "DENY", "REQUIRE_APPROVAL");
    Set<String> tags = cases.stream().flatMap(c -> c.tags().stream()).collect(Collectors.toSet());
    assertThat(tags)
        .contains(
            "paraphrase",
            "typo",
            "mixed-language",
            "long",
            "short",
            "several-requests",
            "independent-vocabulary");
    assertThat(cases.stream().filter(EvalCase::quick)).isNotEmpty();
  }

  @Test
  void should_seed_a_row_for_every_order_and_customer_a_case_names() {
    for (EvalSuite suite : loader.shipped()) {
      Set<String> customers =
          suite.shop().customers().stream().map(EvalSuite.Customer::id).collect(Collectors.toSet());
      Set<String> orders =
          suite.shop().orders().stream().map(EvalSuite.Order::id).collect(Collectors.toSet());
      for (EvalCase c : suite.cases()) {
        assertThat(customers).as(c.id()).contains(c.fields().get("customerId"));
        if (c.fields().containsKey("orderId")) {
          assertThat(orders).as(c.id()).contains(c.fields().get("orderId"));
        }
      }
    }
  }

  @Test
  void should_name_file_case_and_field_when_a_case_is_bad() {
    String json =
        """
        {"name": "mine", "cases": [
          {"id": "ok-1", "text": "where is it?",
           "expect": {"intent": "order_status", "state": "COMPLETED",
                      "path": [{"tool": "lookup_order", "verdict": "ALLOW", "policy": "lookup-order"}]}},
          {"id": "bad-2", "text": "refund",
           "expect": {"intent": "refunds", "state": "COMPLETED",
                      "path": [{"tool": "issue_refund", "verdict": "ALLOW", "policy": "x"}]}}]}
        """;
    assertThatThrownBy(() -> loader.parse("mine.json", json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "suite mine.json: case `bad-2`: field `expect.intent` must be one of")
        .hasMessageEndingWith("got `refunds`");
  }

  @Test
  void should_name_the_field_when_a_value_has_the_wrong_type(@TempDir Path folder)
      throws Exception {
    Files.writeString(
        folder.resolve("typed.json"),
        """
        {"name": "typed", "cases": [{"id": "c1", "text": "t",
          "expect": {"intent": "refund", "state": "FINISHED", "path": []}}]}
        """);
    assertThatThrownBy(() -> loader.folder(folder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("typed.json")
        .hasMessageContaining("field `cases[0].expect.state`")
        .hasMessageContaining("FINISHED");
  }

  @Test
  void should_refuse_a_path_call_without_a_policy() {
    String json =
        """
        {"name": "mine", "cases": [{"id": "c1", "text": "t",
          "expect": {"intent": "refund", "state": "DENIED",
                     "path": [{"tool": "issue_refund", "verdict": "DENY"}]}}]}
        """;
    assertThatThrownBy(() -> loader.parse("mine.json", json))
        .hasMessage(
            "suite mine.json: case `c1`: field `expect.path[0].policy` must name a determining"
                + " policy id, got `null`");
  }
}
