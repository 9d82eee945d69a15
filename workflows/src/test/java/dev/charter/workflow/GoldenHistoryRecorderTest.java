package dev.charter.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charter.contract.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records the golden histories. Runs only on demand:
 *
 * <pre>
 * ./mvnw -B -o -pl workflows test -Dtest=GoldenHistoryRecorderTest -Dcharter.golden.regenerate=true
 * </pre>
 *
 * Each scenario without a golden yet runs on the test server with mocked activities, must reach its
 * expected end, and its history is written to {@code
 * src/test/resources/golden/mock-<scenario>.json}. Existing goldens are frozen: they are skipped,
 * and {@link GoldenHistories#export} refuses to replace one unless {@code
 * -Dcharter.golden.overwrite=true}.
 */
@EnabledIfSystemProperty(named = GoldenHistories.REGENERATE_PROPERTY, matches = "true")
class GoldenHistoryRecorderTest {

  @ParameterizedTest
  @EnumSource(GoldenScenario.class)
  void should_write_golden_history_when_scenario_reaches_its_expected_end(GoldenScenario scenario) {
    // A golden that exists is frozen: only scenarios without one are recorded.
    assumeTrue(
        !Files.exists(GoldenHistories.file(scenario.taskId() + ".json"))
            || Boolean.getBoolean(GoldenHistories.OVERWRITE_PROPERTY),
        () -> scenario.taskId() + ".json exists and is frozen");
    try (GovernedLoop loop =
        new GovernedLoop(scenario.encrypted() ? GoldenHistories.converter() : null)) {
      TaskStatus status = scenario.run(loop);

      assertThat(status.state()).isEqualTo(scenario.expectedEnd);
      Path written =
          GoldenHistories.export(loop.client, scenario.taskId(), loop.firstRun(scenario.taskId()));
      assertThat(GoldenHistories.read(written).getEvents()).isNotEmpty();
    }
  }
}
