package dev.charter.contract;

/**
 * Where a task is. The last seven are final. {@code NEEDS_ATTENTION}: the task stopped (failed,
 * rejected or cancelled) and at least one side effect could not be undone, because policy refused
 * its compensation or the compensation failed; its status' reason lists them for an operator.
 */
public enum TaskState {
  STARTING,
  RUNNING,
  WAITING_APPROVAL,
  COMPLETED,
  DENIED,
  REJECTED,
  FAILED,
  CANCELLED,
  BUDGET_EXCEEDED,
  NEEDS_ATTENTION;

  public boolean isFinal() {
    return ordinal() >= COMPLETED.ordinal();
  }
}
