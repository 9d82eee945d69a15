package dev.charter.activities.shop;

import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.Compensation;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.ToolInvocation;
import java.util.List;

/**
 * Permits as the authorization stage would issue them, for tests that drive the tools directly: one
 * worker key per test JVM, a verdict that allowed the call.
 */
final class TestPermits {

  static final LedgerSigningKey KEY = LedgerSigningKey.generate();
  static final ToolPermits PERMITS = ToolPermits.of(KEY);

  private static final PolicyVerdict ALLOWED =
      PolicyVerdict.of(
          Outcome.ALLOW, List.of("test-allows"), List.of(), "test-bundle", List.of(), 0);

  private TestPermits() {}

  /** {@code invocation} carrying a valid permit for exactly itself. */
  static ToolInvocation permitted(ToolInvocation invocation) {
    String permit =
        PERMITS.issue(
            ToolPermits.Kind.TOOL,
            invocation.taskId(),
            invocation.step(),
            0,
            invocation.idempotencyKey(),
            invocation.call(),
            ALLOWED);
    return new ToolInvocation(
        invocation.taskId(),
        invocation.step(),
        invocation.idempotencyKey(),
        invocation.call(),
        permit);
  }

  /** {@code compensation} carrying a valid permit for exactly itself. */
  static Compensation permitted(Compensation compensation) {
    return compensation.withPermit(
        PERMITS.issue(
            ToolPermits.Kind.COMPENSATION,
            "task",
            1,
            -1,
            compensation.idempotencyKey(),
            compensation.call(),
            ALLOWED));
  }
}
