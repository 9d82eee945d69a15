package dev.charter.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code charter bench step} refuses bad figures before it starts anything. */
class BenchCommandTest {

  @ParameterizedTest
  @CsvSource({
    "--concurrency, 0, '--concurrency must be >= 1, got 0'",
    "--tasks, -1, '--tasks must be >= 1, got -1'",
    "--tasks, 0, '--tasks must be >= 1, got 0'",
    "--warmup, -1, '--warmup must be >= 0, got -1'"
  })
  void should_refuse_a_bad_value_with_exit_code_2_naming_the_option_and_value(
      String option, String value, String message) {
    PolicyCommandTest.Run run = PolicyCommandTest.run("bench", "step", option, value);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("error: " + message);
    assertThat(run.out()).isEmpty();
  }
}
