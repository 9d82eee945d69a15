package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.TrailVerification;
import dev.charter.starter.cli.CharterCli;
import dev.charter.starter.demo.DemoRunner;
import dev.charter.starter.demo.DemoRunner.DemoResult;
import dev.charter.starter.demo.DemoTicket;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo a new user runs, end to end on the embedded stack. */
class DemoIT {

  @TempDir Path data;

  @Test
  void should_print_one_json_object_and_exit_zero_when_every_task_ends_as_expected()
      throws Exception {
    // The command's own writers: standard output must hold the one JSON object and nothing else.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "demo",
            "--json",
            "--data-dir",
            // the key goes beside the data folder: keep both inside the temporary folder
            data.resolve("demo").toString());
    String stdout = out.toString().trim();
    assertThat(exit).as(stdout + err).isZero();
    assertThat(stdout.lines()).as(stdout).hasSize(1);
    assertThat(err.toString()).contains("charter demo: starting Temporal");
    JsonNode report = new ObjectMapper().readTree(stdout);
    JsonNode tasks = report.get("tasks");
    assertThat(tasks).hasSize(DemoTicket.all().size());
    int allow = 0;
    int deny = 0;
    int approval = 0;
    int compensations = 0;
    for (JsonNode task : tasks) {
      assertThat(task.get("taskId").asText()).startsWith("demo-");
      assertThat(task.get("auditChainValid").asBoolean()).isTrue();
      assertThat(task.get("status").asText()).isEqualTo(task.get("expected").asText());
      // the path, not only the end: intent, each call's tool, verdict and determining policy
      assertThat(task.get("asExpected").asBoolean()).as(task.toString()).isTrue();
      assertThat(task.get("intent").asText()).isEqualTo(task.get("expectedIntent").asText());
      assertThat(task.get("path")).hasSameSizeAs(task.get("expectedPath"));
      assertThat(task.get("backends")).isNotEmpty();
      allow += task.get("verdicts").get("ALLOW").asInt();
      deny += task.get("verdicts").get("DENY").asInt();
      approval += task.get("verdicts").get("REQUIRE_APPROVAL").asInt();
      compensations += task.get("compensations").size();
    }
    assertThat(allow).isPositive();
    assertThat(deny).isPositive();
    assertThat(approval).isPositive();
    assertThat(compensations).isPositive();
  }

  /**
   * Runs the demo tickets and replays each real history against the current workflow code. With
   * {@code -Dcharter.golden.dir=workflows/src/test/resources/golden} it also writes the golden
   * histories that the workflows module replays, for tickets that have none yet.
   */
  @Test
  void should_replay_the_histories_of_the_demo_tasks() throws Exception {
    String goldenDir = System.getProperty("charter.golden.dir");
    // Goldens are recorded encrypted under the committed test-only golden key, so the workflows
    // module replays them with that key.
    Map<String, Object> settings =
        goldenDir == null || goldenDir.isBlank()
            ? Map.of()
            : Map.of(
                "charter.codec.key-file",
                Path.of(goldenDir).resolve("golden-payload-keys").toAbsolutePath().toString());
    try (TestStack stack = TestStack.embedded(data, settings)) {
      List<DemoResult> results =
          new DemoRunner(
                  stack.tasks(), stack.bean(AuditLedger.class), new PrintWriter(System.out, true))
              .run(DemoTicket.all(), "golden");
      assertThat(results).allMatch(DemoResult::asExpected);
      WorkflowClient client = stack.bean(WorkflowClient.class);
      for (DemoResult result : results) {
        WorkflowExecutionHistory history = client.fetchHistory(result.status().taskId());
        stack.replay(history);
        // Every scenario (allow, deny, approvals, failure with compensation) cross-checks clean.
        TrailVerification verification =
            stack.bean(AuditTrail.class).verify(result.status().taskId());
        assertThat(verification.firstBrokenLink()).isNull();
        assertThat(verification.history()).isEmpty();
        if (goldenDir != null && !goldenDir.isBlank()) {
          Path file = Path.of(goldenDir).resolve("demo-" + result.ticket().name() + ".json");
          // Existing goldens are frozen records of older code: only new tickets are written.
          if (!Files.exists(file) || Boolean.getBoolean("charter.golden.overwrite")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, history.toJson(true));
          }
        }
      }
    }
  }
}
