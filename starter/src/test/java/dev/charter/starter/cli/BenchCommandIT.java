package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code charter bench step --json} on the embedded stack: every figure present, positive and
 * consistent. Nothing here is timed; the figures themselves belong in docs/benchmarks.md.
 */
class BenchCommandIT {

  @Test
  void should_report_latency_throughput_and_history_per_step_as_json() throws Exception {
    PolicyCommandTest.Run run =
        PolicyCommandTest.run(
            "bench", "step", "--tasks", "3", "--warmup", "1", "--concurrency", "2", "--json");
    System.out.print(run.out());

    assertThat(run.code()).as(run.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(run.out());
    assertThat(report.get("warmup").asInt()).isEqualTo(1);

    JsonNode latency = report.get("latency");
    assertThat(latency.get("tasks").asInt()).isEqualTo(3);
    assertThat(latency.get("governedStepsPerTask").asInt()).isPositive();
    assertThat(latency.get("bareStepsPerTask").asInt()).isPositive();
    for (String kind : new String[] {"governed", "bare"}) {
      double p50 = latency.at("/" + kind + "/p50").asDouble();
      assertThat(p50).as(kind + " p50").isPositive();
      assertThat(latency.at("/" + kind + "/p99").asDouble())
          .as(kind + " p99")
          .isGreaterThanOrEqualTo(p50);
    }
    JsonNode overhead = latency.get("overhead");
    assertThat(overhead.get("differenceP50").asDouble())
        .isCloseTo(
            latency.at("/governed/p50").asDouble() - latency.at("/bare/p50").asDouble(),
            offset(1e-9));
    assertThat(overhead.get("ratioP50").asDouble()).isPositive();
    assertThat(overhead.get("ratioP99").asDouble()).isPositive();

    JsonNode history = latency.get("history");
    assertThat(history.get("sampled").asInt()).isEqualTo(3);
    assertThat(history.get("governedBytesPerStepP50").asDouble()).isPositive();
    assertThat(history.get("bareBytesPerStepP50").asDouble()).isPositive();

    JsonNode throughput = report.get("throughput");
    assertThat(throughput).hasSize(2);
    assertThat(throughput.get(0).get("concurrency").asInt()).isEqualTo(1);
    assertThat(throughput.get(1).get("concurrency").asInt()).isEqualTo(2);
    for (JsonNode measured : throughput) {
      assertThat(measured.get("tasks").asInt()).isEqualTo(3);
      for (String kind : new String[] {"governed", "bare"}) {
        double tasksPerSecond = measured.at("/" + kind + "/tasksPerSecond").asDouble();
        double stepsPerSecond = measured.at("/" + kind + "/stepsPerSecond").asDouble();
        assertThat(tasksPerSecond).as(kind + " tasks/s").isPositive();
        // Every task of the demo ticket takes at least one step, so steps/s >= tasks/s.
        assertThat(stepsPerSecond).as(kind + " steps/s").isGreaterThanOrEqualTo(tasksPerSecond);
      }
      assertThat(measured.get("stepsPerSecondRatio").asDouble())
          .isCloseTo(
              measured.at("/governed/stepsPerSecond").asDouble()
                  / measured.at("/bare/stepsPerSecond").asDouble(),
              offset(1e-9));
    }
  }
}
