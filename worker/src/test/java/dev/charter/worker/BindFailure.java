package dev.charter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.AbstractStringAssert;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/** What a context that refused to start said, for the configuration tests. */
final class BindFailure {

  private BindFailure() {}

  /** The startup failure's root cause message of a context that must have failed. */
  static AbstractStringAssert<?> of(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable cause = context.getStartupFailure();
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return assertThat(cause.getMessage());
  }
}
