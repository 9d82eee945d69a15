package dev.charter.starter.tasks;

import dev.charter.contract.TaskState;

/**
 * Which tasks to list; null fields do not filter. Newest first.
 *
 * @param state only tasks in this state
 * @param tenant only tasks of this tenant
 * @param pendingApproval true: only tasks waiting for a human; false: only those that are not
 * @param limit at most this many, 1..{@value #MAX_LIMIT}
 */
public record TaskFilter(TaskState state, String tenant, Boolean pendingApproval, int limit) {

  /** The largest page a list answers. */
  public static final int MAX_LIMIT = 500;

  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 100;

  public TaskFilter {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
  }

  /** Every task, newest first, one default page. */
  public static TaskFilter all() {
    return new TaskFilter(null, null, null, DEFAULT_LIMIT);
  }
}
