package dev.charter.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of each stage. Transient failures are retried with backoff; permanent ones
 * arrive as non-retryable {@code ApplicationFailure}s and are never retried.
 */
final class ActivityPlans {

  private ActivityPlans() {}

  private static RetryOptions retries(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(200))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofSeconds(10))
        .setMaximumAttempts(attempts)
        .build();
  }

  static final ActivityOptions SETUP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(retries(5))
          .build();

  static final ActivityOptions PERCEPTION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(retries(5))
          .build();

  /** In-process Cedar: fast and free of I/O, so a local activity (one marker event). */
  static final LocalActivityOptions AUTHORIZATION =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setRetryOptions(retries(3))
          .build();

  static final ActivityOptions INFERENCE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setRetryOptions(retries(5))
          .build();

  /**
   * Tools are idempotent by key, so retrying them is safe. The heartbeat timeout detects a dead
   * worker in seconds instead of at the start-to-close timeout; tools longer than it heartbeat.
   */
  static final ActivityOptions TOOLS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(60))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(retries(10))
          .build();

  static final ActivityOptions AUDIT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(retries(20))
          .build();
}
