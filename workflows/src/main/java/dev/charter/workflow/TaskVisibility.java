package dev.charter.workflow;

import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskState;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Temporal Web UI and visibility queries show of a task: its search attributes and current
 * details. Policy ids, states and backends only, never task data. Tasks started before a change id
 * show what they showed then.
 */
final class TaskVisibility {

  private boolean searchAttributes;
  private boolean state;

  /** The pin is made: from here the task is searchable by tier, bundle, tenant and state. */
  void pinned(TaskPin pin, TaskState now) {
    searchAttributes = LoopChanges.on(LoopChanges.SEARCH_ATTRIBUTES);
    if (searchAttributes) {
      Workflow.upsertTypedSearchAttributes(
          TaskSearchAttributes.RISK_TIER.valueSet(nonNull(pin.riskTier())),
          TaskSearchAttributes.BUNDLE_ID.valueSet(nonNull(pin.bundleHash())),
          TaskSearchAttributes.TENANT.valueSet(nonNull(pin.tenant())),
          TaskSearchAttributes.PENDING_APPROVAL.valueSet(false));
    }
    state = LoopChanges.on(LoopChanges.STATE_SEARCH_ATTRIBUTE);
    if (state) {
      Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.STATE.valueSet(now.name()));
      Workflow.setCurrentDetails(now.name() + " (" + pin.profile() + ", " + pin.tenant() + ")");
    }
  }

  /** A backend answered for the first time. */
  void backends(List<String> used) {
    if (searchAttributes) {
      Workflow.upsertTypedSearchAttributes(
          TaskSearchAttributes.BACKEND.valueSet(new ArrayList<>(used)));
    }
  }

  /** The task starts or stops waiting for a human at {@code step}. */
  void waiting(boolean pending, int step) {
    if (state) {
      TaskState now = pending ? TaskState.WAITING_APPROVAL : TaskState.RUNNING;
      Workflow.upsertTypedSearchAttributes(
          TaskSearchAttributes.PENDING_APPROVAL.valueSet(pending),
          TaskSearchAttributes.STATE.valueSet(now.name()));
      Workflow.setCurrentDetails(now.name() + " at step " + step);
    } else if (searchAttributes) {
      Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.PENDING_APPROVAL.valueSet(pending));
    }
  }

  /** The task ended after {@code steps} steps. */
  void ended(TaskState end, int steps) {
    if (state) {
      Workflow.upsertTypedSearchAttributes(TaskSearchAttributes.STATE.valueSet(end.name()));
      Workflow.setCurrentDetails(end.name() + " after " + steps + " steps");
    }
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
