package dev.charter.worker.health;

import dev.charter.activities.inference.BackendStatus;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.model.ModelCard;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * A backend's health as the router sees it: its circuit breaker (state, failure rate, calls,
 * refusals), its bulkhead and its kill switch; for an {@code in_process} backend also the loaded
 * model's id, version and weights hash.
 *
 * <p>UP when it can serve (breaker closed or half-open); {@link #DEGRADED} when its breaker is open
 * (tasks fall back to the route's next permitted backend, so the worker stays in service: the
 * status maps to HTTP 200 and ranks below DOWN); DOWN when its model cannot be read; UNKNOWN with
 * {@code disabled} naming why when it cannot serve by configuration (no API key) or is switched off
 * by its kill switch, so a backend nobody asked for does not mark the worker down.
 */
public final class RouterBackendProbe implements ModelBackendProbe {

  /** An open breaker: this backend is skipped, the worker still serves through the others. */
  public static final Status DEGRADED =
      new Status("DEGRADED", "circuit breaker open: calls go to the next permitted backend");

  private final String backend;
  private final RoutingInferenceActivities router;
  private final Supplier<ModelCard> model;

  /**
   * @param backend the backend's name
   * @param router the inference router that guards it
   * @param model the in-process model's card, or null for a remote backend
   */
  public RouterBackendProbe(
      String backend, RoutingInferenceActivities router, Supplier<ModelCard> model) {
    this.backend = backend;
    this.router = router;
    this.model = model;
  }

  @Override
  public String backend() {
    return backend;
  }

  @Override
  public Health health() {
    Optional<BackendStatus> found = router.backendStatus(backend);
    if (found.isEmpty()) {
      return Health.unknown().withDetail("reason", "not known to the router").build();
    }
    BackendStatus status = found.get();
    Health.Builder health;
    if (status.disabledReason() != null) {
      health = Health.unknown().withDetail("disabled", status.disabledReason());
    } else if (!status.enabled()) {
      health = Health.unknown().withDetail("disabled", "kill switch off");
    } else if (status.breakerStateCode() == 1) {
      health = Health.status(DEGRADED);
    } else {
      health = Health.up();
    }
    health
        .withDetail("hosting", String.valueOf(status.hosting()))
        .withDetail("breaker", status.breakerState())
        .withDetail("failureRatePercent", status.failureRatePercent())
        .withDetail("calls", status.calls())
        .withDetail("failures", status.failures())
        .withDetail("notPermittedCalls", status.notPermittedCalls())
        .withDetail("bulkheadAvailable", status.bulkheadAvailable())
        .withDetail("bulkheadMax", status.bulkheadMax());
    if (model != null) {
      try {
        ModelCard card = model.get();
        health
            .withDetail("modelId", card.modelId())
            .withDetail("version", card.version())
            .withDetail("weightsSha256", card.weightsSha256());
      } catch (RuntimeException e) {
        return Health.down()
            .withDetail("hosting", String.valueOf(status.hosting()))
            .withDetail("breaker", status.breakerState())
            .withDetail("error", e.getClass().getSimpleName())
            .build();
      }
    }
    return health.build();
  }
}
