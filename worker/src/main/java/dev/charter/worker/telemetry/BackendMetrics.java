package dev.charter.worker.telemetry;

import dev.charter.activities.inference.BackendStatus;
import dev.charter.activities.inference.RoutingInferenceActivities;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The router's resilience figures per configured backend, read from it at each scrape: breaker
 * state, calls, failures, calls the breaker or the bulkhead refused, free bulkhead places, and
 * whether the backend can serve at all. Every series carries tags {@code backend} and {@code
 * hosting}.
 */
public final class BackendMetrics {

  /** Gauge: 0 closed, 1 open, 2 half-open, 3 another resilience4j state. */
  public static final String BREAKER_STATE = "charter.backend.breaker.state";

  /** Counter: calls the breaker let through that ended, since start (successes and failures). */
  public static final String CALLS = "charter.backend.calls";

  /** Counter: failed calls (errors and timeouts) since start. */
  public static final String FAILURES = "charter.backend.failures";

  /** Counter: calls refused by an open or saturated half-open breaker since start. */
  public static final String NOT_PERMITTED = "charter.backend.not.permitted";

  /** Counter: calls refused by the full bulkhead since start. */
  public static final String BULKHEAD_REJECTED = "charter.backend.bulkhead.rejected";

  /** Gauge: free places in the backend's bulkhead. */
  public static final String BULKHEAD_AVAILABLE = "charter.backend.bulkhead.available";

  /**
   * Gauge: 1 when the backend can serve (kill switch on, not disabled for lack of a key), else 0.
   */
  public static final String ENABLED = "charter.backend.enabled";

  private BackendMetrics() {}

  /** Registers the series of every backend of {@code router} in {@code registry}. */
  public static void bind(MeterRegistry registry, RoutingInferenceActivities router) {
    for (BackendStatus backend : router.backendStatus()) {
      String name = backend.backend();
      String hosting = String.valueOf(backend.hosting());
      gauge(router, BREAKER_STATE, name, hosting, BackendStatus::breakerStateCode)
          .description("circuit breaker state: 0 closed, 1 open, 2 half-open")
          .register(registry);
      counter(router, CALLS, name, hosting, BackendStatus::calls)
          .description("model calls the breaker let through, ended")
          .register(registry);
      counter(router, FAILURES, name, hosting, BackendStatus::failures)
          .description("failed model calls (errors and timeouts)")
          .register(registry);
      counter(router, NOT_PERMITTED, name, hosting, BackendStatus::notPermittedCalls)
          .description("model calls refused by the circuit breaker")
          .register(registry);
      counter(router, BULKHEAD_REJECTED, name, hosting, BackendStatus::bulkheadRejectedCalls)
          .description("model calls refused by the full bulkhead")
          .register(registry);
      gauge(router, BULKHEAD_AVAILABLE, name, hosting, BackendStatus::bulkheadAvailable)
          .description("free places in the backend's bulkhead")
          .register(registry);
      gauge(router, ENABLED, name, hosting, s -> s.enabled() && s.disabledReason() == null ? 1 : 0)
          .description("1 when the backend can serve, 0 when disabled or switched off")
          .register(registry);
    }
  }

  private static Gauge.Builder<RoutingInferenceActivities> gauge(
      RoutingInferenceActivities router,
      String meter,
      String backend,
      String hosting,
      ToDoubleFunction<BackendStatus> value) {
    return Gauge.builder(meter, router, r -> read(r, backend, value))
        .tag("backend", backend)
        .tag("hosting", hosting);
  }

  private static FunctionCounter.Builder<RoutingInferenceActivities> counter(
      RoutingInferenceActivities router,
      String meter,
      String backend,
      String hosting,
      ToDoubleFunction<BackendStatus> value) {
    return FunctionCounter.builder(meter, router, r -> read(r, backend, value))
        .tag("backend", backend)
        .tag("hosting", hosting);
  }

  private static double read(
      RoutingInferenceActivities router, String backend, ToDoubleFunction<BackendStatus> value) {
    return router.backendStatus(backend).map(value::applyAsDouble).orElse(Double.NaN);
  }
}
