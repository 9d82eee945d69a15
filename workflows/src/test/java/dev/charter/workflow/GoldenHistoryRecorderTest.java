package dev.charter.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.charter.contract.TaskStatus;
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
 * Add {@code -Dcharter.golden.only=<file stem>} (e.g. {@code compensation-authorized}) to record
 * one new scenario and leave the committed goldens as they are. Each scenario runs on the test
 * server with mocked activities, must reach its expected end, and its history is written to {@code
 * src/test/resources/golden/mock-<scenario>.json}.
 */
@EnabledIfSystemProperty(named = GoldenHistories.REGENERATE_PROPERTY, matches = "true")
class GoldenHistoryRecorderTest {

  static final String ONLY_PROPERTY = "charter.golden.only";

  @ParameterizedTest
  @EnumSource(GoldenScenario.class)
  void should_write_golden_history_when_scenario_reaches_its_expected_end(GoldenScenario scenario) {
    // -Dcharter.golden.only=<file stem> records one new scenario without rewriting the others
    String only = System.getProperty(ONLY_PROPERTY);
    assumeTrue(only == null || only.equals(scenario.fileStem), "only " + only + " is recorded");
    try (GovernedLoop loop =
        new GovernedLoop(scenario.encrypted() ? GoldenHistories.converter() : null)) {
      TaskStatus status = scenario.run(loop);

      assertThat(status.state()).isEqualTo(scenario.expectedEnd);
      Path written = GoldenHistories.export(loop.client, scenario.taskId());
      assertThat(GoldenHistories.read(written).getEvents()).isNotEmpty();
    }
  }
}
