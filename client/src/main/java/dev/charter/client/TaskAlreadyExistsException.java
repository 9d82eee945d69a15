package dev.charter.client;

/** A task with that id exists (running or ended); a task id names one task forever. */
public final class TaskAlreadyExistsException extends RuntimeException {

  private final String taskId;

  TaskAlreadyExistsException(String taskId) {
    super("task `" + taskId + "` already exists");
    this.taskId = taskId;
  }

  /** The id that is taken. */
  public String taskId() {
    return taskId;
  }
}
