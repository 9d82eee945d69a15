package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.demo.DemoTicket;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that continues as new on the real stack (real model, Cedar, ledger, encrypted payloads):
 * with one step per run, the demo's order-status ticket takes two runs; the ledger is one chain
 * across them, its cross-check with every run's history holds, and each run replays.
 */
class LongTaskIT {

  @TempDir static Path data;
  static TestStack stack;

  @BeforeAll
  static void start() {
    stack =
        TestStack.embedded(
            data, Map.of("charter.profiles.support-agent.budgets.steps-per-run", "1"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void should_verify_and_replay_a_task_that_continued_as_new() throws Exception {
    DemoTicket orderStatus = DemoTicket.all().get(0);
    String taskId = stack.tasks().start(orderStatus.request("long")).taskId();

    TaskStatus status = stack.tasks().result(taskId);

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.stepsUsed()).isEqualTo(2);
    List<LedgerEntry> chain = stack.bean(AuditLedger.class).events(taskId);
    assertThat(chain.stream().map(LedgerEntry::type)).contains(AuditFact.TaskContinued.TYPE);
    assertThat(chain.stream().map(LedgerEntry::workflowRunId).distinct()).hasSize(2);

    var verification = stack.bean(AuditTrail.class).verify(taskId);
    assertThat(verification.firstBrokenLink()).as(verification.toString()).isNull();
    assertThat(verification.history()).isEmpty();
    assertThat(verification.valid()).isTrue();

    List<WorkflowExecutionHistory> runs = runs(stack.bean(WorkflowClient.class), taskId);
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    for (WorkflowExecutionHistory run : runs) {
      stack.replay(run);
    }
  }

  /** The task's runs, oldest first, walking back from the latest through each run's start. */
  private static List<WorkflowExecutionHistory> runs(WorkflowClient client, String taskId) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    String runId = null;
    do {
      WorkflowExecutionHistory run = client.fetchHistory(taskId, runId);
      runs.add(0, run);
      runId =
          run.getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getContinuedExecutionRunId();
    } while (!runId.isEmpty());
    return runs;
  }
}
