package dev.charter.workflow;

import io.temporal.workflow.Workflow;

/**
 * The change ids of the governed loop, one per change that alters the commands it issues. Each is
 * asked with {@code Workflow.getVersion(id, DEFAULT_VERSION, 1)} where the change takes effect;
 * tasks started before it replay the default branch. Each has a golden history under test
 * resources; never edit an old branch, add a new id.
 */
final class LoopChanges {

  /** Upserts {@link TaskSearchAttributes} (pin, backends, pending approval); absent before. */
  static final String SEARCH_ATTRIBUTES = "search-attributes";

  /**
   * Asks again for an approval that a bundle switch made void (version 1); older tasks end denied
   * instead.
   */
  static final String APPROVAL_REBIND = "approval-rebind";

  /** Profiles with {@code pin-forward} move the bundle pin at step boundaries (version 1). */
  static final String PIN_FORWARD = "pin-forward";

  /**
   * From version 1 a decision whose intent differs from the task's first decided intent is recorded
   * as a {@code model.intent_changed} event, not followed silently.
   */
  static final String INTENT_CHANGE = "intent-change-recorded";

  /**
   * From version 1 each compensation is put to Cedar before it runs (authorized, audited and given
   * a permit like a tool); one that policy refuses, or that fails, is not skipped silently: the
   * task ends {@code NEEDS_ATTENTION} listing it. Older tasks compensate unasked, as they always
   * did.
   */
  static final String COMPENSATION_AUTHORIZED = "compensation-authorized";

  /**
   * From version 1 an approval answer must carry a signed approval token bound to the approval, the
   * argument hash and the bundle that asked; each token is accepted once; an approval needing
   * several roles waits for all of them, each from a distinct human who is not the task's
   * requester. Older tasks take the approver's name as before.
   */
  static final String APPROVAL_TOKEN = "approval-token";

  /**
   * From version 1 the task's state is the search attribute {@link TaskSearchAttributes#STATE}
   * (RUNNING, WAITING_APPROVAL, then the end state) and its current details (Web UI) say how it
   * ended; older tasks show neither.
   */
  static final String STATE_SEARCH_ATTRIBUTE = "state-search-attribute";

  /**
   * From version 1 a long task continues as new at a step boundary, every {@code
   * budgets.stepsPerRun} steps or when the service suggests it, carrying its progress. Asked only
   * when a task reaches such a boundary, so shorter tasks record no marker.
   */
  static final String CONTINUE_AS_NEW = "continue-as-new";

  /**
   * From version 1 perception runs as a local activity: one marker instead of an activity round
   * trip per step. Asked at the task's first perception.
   */
  static final String LOCAL_PERCEPTION = "local-perception";

  private LoopChanges() {}

  /** Whether this task runs with {@code changeId} (version 1): deterministic, recorded once. */
  static boolean on(String changeId) {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) >= 1;
  }
}
