package dev.charter.workflow.activity;

import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Asks a model what to do next. */
@ActivityInterface
public interface InferenceActivities {

  /**
   * Calls the first of the permitted backends that answers, falling back in order.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code NoBackendAvailable} when
   *     none of them answers
   */
  @ActivityMethod
  Decision decide(InferenceRequest request);
}
