package dev.charter.workflow;

/** Task queue names shared by workers and clients. */
public final class TaskQueues {

  /** Where governed agent tasks run. */
  public static final String AGENT_TASKS = "charter-agent-tasks";

  private TaskQueues() {}
}
