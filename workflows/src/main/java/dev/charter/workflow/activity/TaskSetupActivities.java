package dev.charter.workflow.activity;

import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Pins what a task runs under. */
@ActivityInterface
public interface TaskSetupActivities {

  /**
   * Resolves the agent profile, the policy bundle in force and the route table version.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code UnknownProfile} when the
   *     profile does not exist, {@code InvalidTask} when the request is malformed
   */
  @ActivityMethod
  TaskPin pin(TaskRequest request);

  /** The id of the policy bundle active now (for tasks whose profile moves the pin forward). */
  @ActivityMethod
  String activeBundle();
}
