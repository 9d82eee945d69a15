package dev.charter.workflow;

import static dev.charter.workflow.SupportDesk.LOOKUP_1002;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.answer;
import static dev.charter.workflow.SupportDesk.propose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Budgets;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.TaskContinuation;
import dev.charter.contract.TaskProgress;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.WorkflowReplayer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Long tasks continue as new every {@code budgets.stepsPerRun} steps, carrying their progress: a
 * 1,000-step task completes, each run's history stays bounded and replays, the ledger chain runs on
 * across runs without a gap, and a caller cannot start a task with forged progress.
 */
class AgentTaskLongTaskTest {

  private static final int STEPS = 1_000;

  /**
   * What one run's history may hold at most: the service suggests continuing at about 4 MB (the
   * test server's and a cluster's default), one step more may follow before the boundary; far below
   * Temporal's 50 MB limit. Each perceive input still carries every earlier tool result, so runs
   * get shorter as a task grows (docs/operations.md, long tasks).
   */
  private static final long MAX_RUN_HISTORY_BYTES = 6L * 1024 * 1024;

  private final GovernedLoop loop = new GovernedLoop();

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void should_complete_a_thousand_step_task_over_runs_that_each_replay() throws Exception {
    when(loop.setup.pin(any(TaskRequest.class)))
        .thenReturn(SupportDesk.pin(new Budgets(STEPS, 10_000_000, 1_000.0, 86_400, 600)));
    when(loop.inference.decide(any()))
        .thenAnswer(
            call ->
                call.<InferenceRequest>getArgument(0).step() < STEPS
                    ? propose(LOOKUP_1002)
                    : answer("Order 1002 looked up " + (STEPS - 1) + " times."));
    when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    String taskId = "long-task";

    WorkflowExecution first = loop.start(taskId);
    TaskStatus status = loop.result(taskId);

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.stepsUsed()).isEqualTo(STEPS);
    assertThat(status.path()).hasSize(STEPS);
    List<WorkflowExecutionHistory> runs = runs(loop.client, taskId, first.getRunId());
    assertThat(runs.size())
        .as("runs of a %d-step task", STEPS)
        .isGreaterThanOrEqualTo(STEPS / Budgets.DEFAULT_STEPS_PER_RUN);
    long largest = 0;
    for (WorkflowExecutionHistory run : runs) {
      long bytes = run.getHistory().getSerializedSize();
      largest = Math.max(largest, bytes);
      assertThat(run.getEvents().size()).isLessThan(10_000);
      WorkflowReplayer.replayWorkflowExecution(run, AgentTaskWorkflowImpl.class);
    }
    List<AuditEvent> chain = loop.ledger.events(taskId);
    System.out.printf(
        "long task: %d steps in %d runs (%s), largest run history %d bytes, %d events%n",
        status.stepsUsed(),
        runs.size(),
        chain.stream()
            .filter(e -> e.payload() instanceof AuditFact.TaskContinued)
            .map(e -> ((AuditFact.TaskContinued) e.payload()).reason() + "@" + e.step())
            .toList(),
        largest,
        runs.stream().mapToInt(r -> r.getEvents().size()).max().orElse(0));
    assertThat(largest).isLessThan(MAX_RUN_HISTORY_BYTES);

    for (int i = 0; i < chain.size(); i++) {
      assertThat(chain.get(i).seq()).as("ledger seq without gaps").isEqualTo(i + 1);
    }
    assertThat(chain.stream().filter(e -> e.payload() instanceof AuditFact.TaskContinued).count())
        .isEqualTo(runs.size() - 1);
    assertThat(chain.stream().map(AuditEvent::workflowRunId).distinct().count())
        .isEqualTo(runs.size());
    assertThat(chain.get(chain.size() - 1).payload()).isInstanceOf(AuditFact.TaskEnded.class);
  }

  @Test
  void should_refuse_a_start_that_asserts_progress_of_its_own() {
    TaskRequest forged =
        SupportDesk.refundTicket("forged-progress")
            .continuing(
                new TaskContinuation(
                    TaskProgress.starting().pinned(SupportDesk.pin()), 1, 0, null, List.of(), 2));

    assertThatThrownBy(() -> loop.newTask("forged-progress").run(forged))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("`continued` is set only by the task's own earlier run")
        .satisfies(f -> assertThat(((ApplicationFailure) f).getType()).isEqualTo("InvalidTask"));
    assertThat(loop.ledger.events("forged-progress")).isEmpty();
  }

  /** The task's runs in order, following each continued-as-new event to the next run. */
  private static List<WorkflowExecutionHistory> runs(
      WorkflowClient client, String taskId, String firstRunId) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    String runId = firstRunId;
    while (runId != null) {
      WorkflowExecutionHistory history = client.fetchHistory(taskId, runId);
      runs.add(history);
      HistoryEvent last = history.getLastEvent();
      runId =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return runs;
  }
}
