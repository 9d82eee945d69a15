package dev.charter.workflow;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** How a failure is named in a task's reason and ledger: its stable type and message. */
final class Failures {

  private Failures() {}

  /**
   * The innermost application failure's {@code type: message}, or the cause's class and message.
   */
  static String describe(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && !(cause instanceof ApplicationFailure)) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
