package dev.charter.eval.routing;

import dev.charter.activities.inference.ModelBackend;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelProvenance;
import java.util.List;
import java.util.Map;

/**
 * A backend that answers at once with a fixed final decision: the benchmark's way to see the
 * router's own cost without a model's latency on top. Never wired into a worker.
 */
final class InstantBackend implements ModelBackend {

  private final BackendRef ref;
  private final Decision decision;

  InstantBackend(BackendRef ref) {
    this.ref = ref;
    this.decision =
        new Decision(
            List.of(),
            "benchmark answer",
            "benchmark",
            1.0,
            "fixed benchmark decision",
            new ModelProvenance(
                ref.name(),
                ref.hosting(),
                ref.vendor(),
                "instant",
                "1",
                null,
                Map.of(),
                0,
                0,
                0,
                0.0,
                List.of()));
  }

  @Override
  public BackendRef ref() {
    return ref;
  }

  @Override
  public Decision decide(InferenceRequest request) {
    return decision;
  }
}
