package dev.charter.workflow;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of each stage. Transient failures are retried with backoff; permanent ones
 * arrive as non-retryable {@code ApplicationFailure}s and are never retried. docs/operations.md
 * explains what each bounds.
 *
 * <p>The stages that act on the world or record it (tools, the ledger append) wait out an outage
 * instead of failing the task: no attempt cap, backoff to a one-minute ceiling, and a schedule-to-
 * close deadline of a day (the profiles' wall-clock budget) that ends the wait. Stages that only
 * read or compute have a few attempts.
 */
final class ActivityPlans {

  private ActivityPlans() {}

  /** Ceiling of the backoff while a store or tool is down: an outage is seen within a minute. */
  static final Duration OUTAGE_BACKOFF_CEILING = Duration.ofMinutes(1);

  /** How long a tool or the ledger may be down before the task fails: the wall-clock budget. */
  static final Duration OUTAGE_DEADLINE = Duration.ofDays(1);

  /** Retries without an attempt cap: the deadline decides. */
  private static RetryOptions untilDeadline() {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(200))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(OUTAGE_BACKOFF_CEILING)
        .setMaximumAttempts(0)
        .build();
  }

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

  /**
   * Perception as a local activity (change id {@code local-perception}): pattern scanning in the
   * worker, no I/O to the outside, so one marker event instead of an activity's round trip. The
   * marker still records the input (the Java SDK keeps it for replay), so history is not smaller.
   */
  static final LocalActivityOptions LOCAL_PERCEPTION =
      LocalActivityOptions.newBuilder()
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
          .setScheduleToCloseTimeout(OUTAGE_DEADLINE)
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setRetryOptions(untilDeadline())
          .build();

  /**
   * The ledger append is idempotent by (task, seq): a ledger database that is down pauses the task
   * (it retries until the deadline) and it resumes with nothing lost or written twice.
   */
  static final ActivityOptions AUDIT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setScheduleToCloseTimeout(OUTAGE_DEADLINE)
          .setRetryOptions(untilDeadline())
          .build();
}
