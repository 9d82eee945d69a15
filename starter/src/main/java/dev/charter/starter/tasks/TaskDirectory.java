package dev.charter.starter.tasks;

import java.util.List;

/**
 * Lists tasks for the REST API, the CLI and the dashboard. The embedded Temporal server answers no
 * list queries, so the implementation is the task index the API projects from the ledger ({@link
 * LedgerTaskIndex}); it works on a cluster too, where every worker writes the same ledger database.
 */
public interface TaskDirectory {

  /** Tasks matching the filter, most recently updated first. */
  List<TaskSummary> list(TaskFilter filter);

  /** One task's summary, up to date; null when no such task is known. */
  TaskSummary find(String taskId);

  /** Where the list comes from, e.g. {@code ledger}. */
  String source();
}
