package dev.charter.client;

/**
 * The Update's validator refused an approval or rejection (the approver may not answer, the
 * approval id is stale, it was already answered). The answer never entered the task's history.
 */
public final class ApprovalRefusedException extends RuntimeException {

  private final String taskId;

  ApprovalRefusedException(String taskId, String reason, Throwable cause) {
    super(reason, cause);
    this.taskId = taskId;
  }

  /** The task whose approval was answered. */
  public String taskId() {
    return taskId;
  }
}
