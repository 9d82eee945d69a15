package dev.charter.workflow;

import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskProgress;
import dev.charter.contract.TaskRequest;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Which run of a long task this is and when it hands over to the next: at a step boundary, every
 * {@code budgets.stepsPerRun} steps or when Temporal suggests it (change id {@code
 * continue-as-new}), carrying the task's progress and ledger position.
 */
final class TaskRun {

  private int number = 1;
  private int firstStep;
  private String handOverReason;

  /**
   * What is wrong with a request that carries progress, or null: only the task's own earlier run
   * may continue it, so a caller cannot skip the pin by asserting progress.
   */
  static String problem(TaskRequest request, String taskId) {
    return request.continued() != null && Workflow.getInfo().getContinuedExecutionRunId().isEmpty()
        ? "task `" + taskId + "`: `continued` is set only by the task's own earlier run"
        : null;
  }

  /** This run starts at {@code step}; it is run {@code runNumber} of the task. */
  void startsAt(int runNumber, int step) {
    number = runNumber;
    firstStep = step;
  }

  /** Whether the run should hand over before the next step; asks the change id only then. */
  boolean handOverDue(TaskProgress progress) {
    String reason =
        progress.step() - firstStep >= progress.pin().budgets().runLength()
            ? "steps-per-run"
            : Workflow.getInfo().isContinueAsNewSuggested() ? "history-size" : null;
    handOverReason = reason != null && LoopChanges.on(LoopChanges.CONTINUE_AS_NEW) ? reason : null;
    return handOverReason != null;
  }

  /** Records the hand-over and continues as new when one is due; returns only when none is. */
  void handOverIfDue(
      TaskRequest request, TaskProgress progress, TaskLedger ledger, List<String> usedTokens) {
    if (handOverReason == null) {
      return;
    }
    ledger.add(
        progress.step(), new AuditFact.TaskContinued(number + 1, progress.step(), handOverReason));
    ledger.flush();
    Workflow.continueAsNew(request.continuing(ledger.position(progress, usedTokens, number + 1)));
  }
}
