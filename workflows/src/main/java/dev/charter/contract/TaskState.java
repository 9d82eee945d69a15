package dev.charter.contract;

/** Where a task is. The last six are final. */
public enum TaskState {
  STARTING,
  RUNNING,
  WAITING_APPROVAL,
  COMPLETED,
  DENIED,
  REJECTED,
  FAILED,
  CANCELLED,
  BUDGET_EXCEEDED;

  public boolean isFinal() {
    return ordinal() >= COMPLETED.ordinal();
  }
}
