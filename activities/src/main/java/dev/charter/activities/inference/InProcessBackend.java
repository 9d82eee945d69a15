package dev.charter.activities.inference;

import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import java.util.List;

/** The open-weight intent model in the worker as a routable backend. */
public final class InProcessBackend implements ModelBackend {

  private final BackendRef ref;
  private final InProcessInferenceActivities model;

  /**
   * @param ref the backend's route-table entry; its hosting must be {@code in_process}
   * @param model the in-process decision model
   */
  public InProcessBackend(BackendRef ref, InProcessInferenceActivities model) {
    if (!InProcessInferenceActivities.IN_PROCESS.equals(ref.hosting())) {
      throw new IllegalArgumentException(
          "backend `" + ref.name() + "`: hosting must be in_process, got `" + ref.hosting() + "`");
    }
    this.ref = ref;
    this.model = model;
  }

  @Override
  public BackendRef ref() {
    return ref;
  }

  @Override
  public Decision decide(InferenceRequest request) {
    return model.decide(
        new InferenceRequest(
            request.taskId(),
            request.step(),
            List.of(ref),
            request.observation(),
            request.fields(),
            request.toolsDone(),
            request.tools()));
  }
}
