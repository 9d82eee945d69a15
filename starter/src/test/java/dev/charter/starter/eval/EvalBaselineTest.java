package dev.charter.starter.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.starter.eval.EvalBaseline.Bound;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalBaselineTest {

  private static EvalMetrics metrics(Map<String, Double> values) {
    return new EvalMetrics(1, 1, values, Map.of(), Map.of(), Map.of(), List.of());
  }

  private final EvalBaseline baseline =
      new EvalBaseline(
          "test",
          Map.of(
              "quick",
              Map.of(
                  "pass_rate", new Bound(1.0, 0.0, "higher"),
                  "decision_ms.in-process-intent.p50", new Bound(80, 100, "lower"),
                  "verdict.DENY.share", new Bound(0.125, 0.02, "equal"))));

  @Test
  void should_pass_when_every_figure_is_within_its_tolerance() {
    assertThat(
            baseline.regressions(
                "quick",
                metrics(
                    Map.of(
                        "pass_rate", 1.0,
                        "decision_ms.in-process-intent.p50", 170.0,
                        "verdict.DENY.share", 0.14))))
        .isEmpty();
  }

  @Test
  void should_name_each_metric_that_regressed_beyond_its_tolerance() {
    List<EvalBaseline.Regression> regressions =
        baseline.regressions(
            "quick",
            metrics(
                Map.of(
                    "pass_rate", 0.8889,
                    "decision_ms.in-process-intent.p50", 181.0,
                    "verdict.DENY.share", 0.0)));
    assertThat(regressions)
        .extracting(EvalBaseline.Regression::metric)
        .containsExactly("decision_ms.in-process-intent.p50", "pass_rate", "verdict.DENY.share");
    assertThat(regressions.get(1))
        .hasToString("pass_rate: 0.8889 regressed: baseline 1.0 (higher is better, tolerance 0.0)");
  }

  @Test
  void should_count_a_metric_the_run_did_not_produce_as_regressed() {
    assertThat(baseline.regressions("quick", metrics(Map.of("pass_rate", 1.0))))
        .extracting(Object::toString)
        .contains("verdict.DENY.share: missing from this run (baseline 0.125)");
  }

  @Test
  void should_refuse_a_bound_with_an_unknown_direction() {
    assertThatThrownBy(() -> new Bound(1, 0, "more"))
        .hasMessage("baseline bound: `better` must be one of [higher, lower, equal], got `more`")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
