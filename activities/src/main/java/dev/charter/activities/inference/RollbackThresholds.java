package dev.charter.activities.inference;

/**
 * When a canary arm is rolled back automatically: over the last {@code window} calls to its
 * canary-only backends, once at least {@code minimumCalls} were seen, an error rate above {@code
 * maxErrorRate} or a p95 latency above {@code maxP95Micros}.
 *
 * @param window calls kept per route
 * @param minimumCalls calls before a rollback may trigger
 * @param maxErrorRate 0..1
 * @param maxP95Micros p95 latency ceiling in microseconds
 */
public record RollbackThresholds(
    int window, int minimumCalls, double maxErrorRate, long maxP95Micros) {

  public RollbackThresholds {
    if (window < 1 || minimumCalls < 1 || minimumCalls > window) {
      throw new IllegalArgumentException(
          "canary rollback: need 1 <= minimum calls <= window, got minimum "
              + minimumCalls
              + " window "
              + window);
    }
    if (maxErrorRate < 0 || maxErrorRate > 1) {
      throw new IllegalArgumentException(
          "canary rollback: max error rate must be 0..1, got " + maxErrorRate);
    }
    if (maxP95Micros < 1) {
      throw new IllegalArgumentException(
          "canary rollback: max p95 must be >= 1 µs, got " + maxP95Micros);
    }
  }

  /** 20 calls, at least 5, 50 % errors, 10 s p95. */
  public static RollbackThresholds ofDefaults() {
    return new RollbackThresholds(20, 5, 0.5, 10_000_000L);
  }
}
