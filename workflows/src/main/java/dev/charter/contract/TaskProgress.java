package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a task stands: everything the governed loop has learned since its request, in one value.
 * The {@code status} query is a view of it, and it is what a continued run would carry. Immutable:
 * each transition returns the next progress.
 *
 * @param pin what was pinned at start (moved when the profile follows the active bundle), null
 *     before the pin
 * @param state where the task is
 * @param step the current (or last) step, 0 before the first
 * @param startedAtMillis workflow time when the pin was recorded: the wall-clock budget's origin
 * @param tokensUsed model tokens used
 * @param costUsd model cost so far
 * @param intent the intent of the task's first decision, which later decisions are compared with
 * @param finalAnswer the answer, when completed
 * @param reason why it ended, when not completed
 * @param path the governed path so far
 * @param backends backends that answered, in first-use order
 * @param toolResults results of the tools run, in order: perception and provenance read them
 * @param toolsDone names of the tools run, in order
 * @param compensations undo actions of effects done, newest first: what a saga runs
 * @param compensationsRun compensations that ran, in order
 */
public record TaskProgress(
    @JsonProperty("pin") TaskPin pin,
    @JsonProperty("state") TaskState state,
    @JsonProperty("step") int step,
    @JsonProperty("startedAtMillis") long startedAtMillis,
    @JsonProperty("tokensUsed") long tokensUsed,
    @JsonProperty("costUsd") double costUsd,
    @JsonProperty("intent") String intent,
    @JsonProperty("finalAnswer") String finalAnswer,
    @JsonProperty("reason") String reason,
    @JsonProperty("path") List<StepRecord> path,
    @JsonProperty("backends") List<String> backends,
    @JsonProperty("toolResults") List<ToolResult> toolResults,
    @JsonProperty("toolsDone") List<String> toolsDone,
    @JsonProperty("compensations") List<Compensation> compensations,
    @JsonProperty("compensationsRun") List<String> compensationsRun) {

  public TaskProgress {
    path = copy(path);
    backends = copy(backends);
    toolResults = copy(toolResults);
    toolsDone = copy(toolsDone);
    compensations = copy(compensations);
    compensationsRun = copy(compensationsRun);
  }

  /** A task whose pin has not been made yet. */
  public static TaskProgress starting() {
    return new TaskProgress(
        null, TaskState.STARTING, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null);
  }

  /** Pinned: the task runs under {@code taskPin}. */
  public TaskProgress pinned(TaskPin taskPin) {
    return with(taskPin, TaskState.RUNNING, step, startedAtMillis, finalAnswer, reason);
  }

  /** The pin moved to another bundle at a step boundary. */
  public TaskProgress withPin(TaskPin movedPin) {
    return with(movedPin, state, step, startedAtMillis, finalAnswer, reason);
  }

  /** The wall-clock budget counts from {@code millis} (workflow time). */
  public TaskProgress startedAt(long millis) {
    return with(pin, state, step, millis, finalAnswer, reason);
  }

  public TaskProgress withState(TaskState newState) {
    return with(pin, newState, step, startedAtMillis, finalAnswer, reason);
  }

  public TaskProgress nextStep() {
    return with(pin, state, step + 1, startedAtMillis, finalAnswer, reason);
  }

  /**
   * A model decided: its tokens, cost and backend count; its intent becomes the task's if first.
   */
  public TaskProgress decided(Decision decision) {
    ModelProvenance provenance = decision.provenance();
    List<String> used = backends;
    if (!used.contains(provenance.backend())) {
      used = append(used, provenance.backend());
    }
    return new TaskProgress(
        pin,
        state,
        step,
        startedAtMillis,
        tokensUsed + provenance.inputTokens() + provenance.outputTokens(),
        costUsd + provenance.costUsd(),
        intent == null ? decision.intent() : intent,
        finalAnswer,
        reason,
        path,
        used,
        toolResults,
        toolsDone,
        compensations,
        compensationsRun);
  }

  /** One more line of the governed path. */
  public TaskProgress recorded(StepRecord line) {
    return new TaskProgress(
        pin,
        state,
        step,
        startedAtMillis,
        tokensUsed,
        costUsd,
        intent,
        finalAnswer,
        reason,
        append(path, line),
        backends,
        toolResults,
        toolsDone,
        compensations,
        compensationsRun);
  }

  /** A tool ran: its result is kept and its undo, if any, is registered (newest first). */
  public TaskProgress executed(ToolCall call, ToolResult result) {
    List<Compensation> undo = compensations;
    if (result.compensation() != null) {
      undo = new ArrayList<>(compensations);
      undo.add(0, result.compensation());
    }
    return new TaskProgress(
        pin,
        state,
        step,
        startedAtMillis,
        tokensUsed,
        costUsd,
        intent,
        finalAnswer,
        reason,
        path,
        backends,
        append(toolResults, result),
        append(toolsDone, call.tool()),
        undo,
        compensationsRun);
  }

  /** The saga ran: nothing is left to undo; {@code run} are the compensations that ran. */
  public TaskProgress compensated(List<String> run) {
    List<String> all = new ArrayList<>(compensationsRun);
    all.addAll(run);
    return new TaskProgress(
        pin,
        state,
        step,
        startedAtMillis,
        tokensUsed,
        costUsd,
        intent,
        finalAnswer,
        reason,
        path,
        backends,
        toolResults,
        toolsDone,
        List.of(),
        all);
  }

  /** The model answered: the answer is the task's. */
  public TaskProgress answered(String answer) {
    return with(pin, state, step, startedAtMillis, answer, reason);
  }

  /** The task ended in {@code endState}, for {@code why} (null when completed). */
  public TaskProgress ended(TaskState endState, String why) {
    return with(pin, endState, step, startedAtMillis, finalAnswer, why);
  }

  /** The status a caller sees; {@code shownState} and {@code pending} come from the approval. */
  public TaskStatus toStatus(
      String taskId,
      TaskState shownState,
      PendingApproval pending,
      long auditEvents,
      String auditHead) {
    return new TaskStatus(
        taskId,
        shownState,
        step,
        pin,
        pending,
        path,
        step,
        tokensUsed,
        costUsd,
        backends,
        compensationsRun,
        finalAnswer,
        reason,
        auditEvents,
        auditHead);
  }

  private TaskProgress with(
      TaskPin newPin,
      TaskState newState,
      int newStep,
      long newStartedAt,
      String newAnswer,
      String newReason) {
    return new TaskProgress(
        newPin,
        newState,
        newStep,
        newStartedAt,
        tokensUsed,
        costUsd,
        intent,
        newAnswer,
        newReason,
        path,
        backends,
        toolResults,
        toolsDone,
        compensations,
        compensationsRun);
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> longer = new ArrayList<>(list);
    longer.add(item);
    return longer;
  }

  private static <T> List<T> copy(List<T> list) {
    // Lists in a progress may hold nulls (a step record's policies are never null, but a tool's
    // result fields may be): copy without List.copyOf's null check.
    return list == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(list));
  }
}
