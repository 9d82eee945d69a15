package dev.charter.activities.inference;

/**
 * When a canary arm is rolled back automatically: over the last {@code window} calls to its
 * canary-only backends, once at least {@code minimumCalls} were seen, an error rate above {@code
 * maxErrorRate} or a p95 latency above {@code maxP95Micros}; or, over the last {@code window} tool
 * verdicts of tasks pinned to the canary arm, once at least {@code minimumCalls} were seen, a share
 * of DENY verdicts above {@code maxDenyRate}.
 *
 * @param window calls kept per route
 * @param minimumCalls calls before a rollback may trigger
 * @param maxErrorRate 0..1
 * @param maxP95Micros p95 latency ceiling in microseconds
 * @param maxDenyRate 0..1; 1 never triggers
 */
public record RollbackThresholds(
    int window, int minimumCalls, double maxErrorRate, long maxP95Micros, double maxDenyRate) {

  /** With the default deny-rate ceiling, {@value #DEFAULT_MAX_DENY_RATE}. */
  public RollbackThresholds(int window, int minimumCalls, double maxErrorRate, long maxP95Micros) {
    this(window, minimumCalls, maxErrorRate, maxP95Micros, DEFAULT_MAX_DENY_RATE);
  }

  /** Default share of DENY verdicts on the canary arm above which it is rolled back. */
  public static final double DEFAULT_MAX_DENY_RATE = 0.5;

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
    if (maxDenyRate < 0 || maxDenyRate > 1) {
      throw new IllegalArgumentException(
          "canary rollback: max deny rate must be 0..1, got " + maxDenyRate);
    }
    if (maxP95Micros < 1) {
      throw new IllegalArgumentException(
          "canary rollback: max p95 must be >= 1 µs, got " + maxP95Micros);
    }
  }

  /** 20 calls, at least 5, 50 % errors, 10 s p95, 50 % denies. */
  public static RollbackThresholds ofDefaults() {
    return new RollbackThresholds(20, 5, 0.5, 10_000_000L, DEFAULT_MAX_DENY_RATE);
  }
}
