package dev.charter.activities.inference;

/**
 * One backend as the router sees it now, for health and metrics.
 *
 * @param backend the backend's name
 * @param hosting {@code in_process}, {@code self_hosted} or {@code closed_api}
 * @param breakerState the circuit breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN},
 *     ...)
 * @param calls calls the breaker let through and that ended, since start (successes + failures;
 *     timeouts count as failures)
 * @param failures failed calls since start
 * @param notPermittedCalls calls refused by the open (or saturated half-open) breaker since start
 * @param bulkheadRejectedCalls calls refused by the full bulkhead since start
 * @param bulkheadAvailable free places in the bulkhead now
 * @param bulkheadMax the bulkhead's size
 * @param failureRatePercent the breaker's failure rate over its window; -1 before it has enough
 *     calls
 * @param enabled whether the kill switch leaves it on
 * @param disabledReason why it cannot serve at all (e.g. {@code no API key}); null when it can
 */
public record BackendStatus(
    String backend,
    String hosting,
    String breakerState,
    long calls,
    long failures,
    long notPermittedCalls,
    long bulkheadRejectedCalls,
    int bulkheadAvailable,
    int bulkheadMax,
    float failureRatePercent,
    boolean enabled,
    String disabledReason) {

  /** The breaker state as a number for gauges: 0 closed, 1 open, 2 half-open, 3 other. */
  public int breakerStateCode() {
    return switch (breakerState) {
      case "CLOSED" -> 0;
      case "OPEN", "FORCED_OPEN" -> 1;
      case "HALF_OPEN" -> 2;
      default -> 3;
    };
  }
}
