package dev.charter.activities.inference;

import java.time.Duration;

/**
 * Per-backend resilience: circuit breaker, bulkhead and time limiter (resilience4j).
 *
 * @param stepLatencyBudget how long one backend may take for a step before the next is tried
 * @param breakerWindow calls in the breaker's sliding window
 * @param breakerMinimumCalls calls before the breaker may open
 * @param breakerFailureRatePercent failure rate (percent of the window) that opens the breaker
 * @param breakerOpenWait how long the breaker stays open before half-opening for probes
 * @param breakerHalfOpenCalls probe calls in half-open state
 * @param maxConcurrentCalls bulkhead: concurrent calls per backend
 */
public record ResilienceSettings(
    Duration stepLatencyBudget,
    int breakerWindow,
    int breakerMinimumCalls,
    float breakerFailureRatePercent,
    Duration breakerOpenWait,
    int breakerHalfOpenCalls,
    int maxConcurrentCalls) {

  public ResilienceSettings {
    if (stepLatencyBudget == null || stepLatencyBudget.isNegative() || stepLatencyBudget.isZero()) {
      throw new IllegalArgumentException(
          "routing: step latency budget must be > 0, got `" + stepLatencyBudget + "`");
    }
    if (breakerWindow < 1 || breakerMinimumCalls < 1 || breakerHalfOpenCalls < 1) {
      throw new IllegalArgumentException(
          "routing: breaker window, minimum calls and half-open calls must be >= 1, got "
              + breakerWindow
              + ", "
              + breakerMinimumCalls
              + ", "
              + breakerHalfOpenCalls);
    }
    if (breakerFailureRatePercent <= 0 || breakerFailureRatePercent > 100) {
      throw new IllegalArgumentException(
          "routing: breaker failure rate must be in (0, 100], got " + breakerFailureRatePercent);
    }
    if (breakerOpenWait == null || breakerOpenWait.isNegative() || breakerOpenWait.isZero()) {
      throw new IllegalArgumentException(
          "routing: breaker open wait must be > 0, got `" + breakerOpenWait + "`");
    }
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException(
          "routing: max concurrent calls must be >= 1, got " + maxConcurrentCalls);
    }
  }

  /** Defaults: 30 s per step, breaker over 10 calls opening at 50 %, 30 s open, 8 concurrent. */
  public static ResilienceSettings ofDefaults() {
    return new ResilienceSettings(Duration.ofSeconds(30), 10, 5, 50f, Duration.ofSeconds(30), 2, 8);
  }
}
