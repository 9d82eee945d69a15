package dev.charter.client;

/** No task with that id is known to the Temporal service. */
public final class TaskNotFoundException extends RuntimeException {

  private final String taskId;

  /** No task {@code taskId}. */
  public TaskNotFoundException(String taskId) {
    super("no task `" + taskId + "`");
    this.taskId = taskId;
  }

  /** The id asked for. */
  public String taskId() {
    return taskId;
  }
}
