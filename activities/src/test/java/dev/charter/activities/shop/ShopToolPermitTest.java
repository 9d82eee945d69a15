package dev.charter.activities.shop;

import static dev.charter.activities.shop.ShopDatabaseFixture.count;
import static dev.charter.activities.shop.ShopDatabaseFixture.refundedCents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.Compensation;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import dev.charter.contract.ToolResult;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tools act only with a valid permit: {@code Execute} or {@code Compensate} scheduled by
 * anything but the governed loop, with no permit, a forged one, one for other arguments, another
 * call or an expired one, is refused and writes nothing to the shop.
 */
class ShopToolPermitTest {

  private static final PolicyVerdict ALLOWED =
      PolicyVerdict.of(Outcome.ALLOW, List.of("refund-within-limit"), List.of(), "b", List.of(), 0);
  private static final ToolCall REFUND_1002 =
      new ToolCall(
          "issue_refund",
          "Shop::Order::\"1002\"",
          Map.of("orderId", "1002", "amountCents", "2500"));

  @TempDir Path directory;

  private DataSource shop;
  private ShopToolActivities tools;

  @BeforeEach
  void migrate() {
    shop = ShopDatabaseFixture.h2File(directory);
    tools = new ShopToolActivities(shop, TestPermits.PERMITS);
  }

  private static String permit(ToolPermits permits, String key, ToolCall call) {
    return permits.issue(ToolPermits.Kind.TOOL, "t", 1, 0, key, call, ALLOWED);
  }

  private void assertRefusedAndNothingWritten(ThrowingCallable call, String... messageParts) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("PermitInvalid");
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains(messageParts);
            });
    assertThat(refundedCents(shop, "1002")).isZero();
    assertThat(count(shop, "SELECT COUNT(*) FROM refund")).isZero();
    assertThat(count(shop, "SELECT COUNT(*) FROM tool_execution")).isZero();
  }

  @Test
  void should_refund_when_the_permit_was_issued_for_exactly_this_call() {
    ToolResult result =
        tools.execute(
            new ToolInvocation(
                "t", 1, "t/1/0", REFUND_1002, permit(TestPermits.PERMITS, "t/1/0", REFUND_1002)));

    assertThat(result.replayed()).isFalse();
    assertThat(refundedCents(shop, "1002")).isEqualTo(2500);
  }

  @Test
  void should_refuse_PermitInvalid_when_execute_is_scheduled_without_a_permit() {
    assertRefusedAndNothingWritten(
        () -> tools.execute(new ToolInvocation("t", 1, "t/1/0", REFUND_1002)), "carries no permit");
  }

  @Test
  void should_refuse_PermitInvalid_when_the_permit_is_signed_by_another_key() {
    ToolPermits forger = ToolPermits.of(LedgerSigningKey.generate());

    assertRefusedAndNothingWritten(
        () ->
            tools.execute(
                new ToolInvocation(
                    "t", 1, "t/1/0", REFUND_1002, permit(forger, "t/1/0", REFUND_1002))),
        "signature does not verify");
  }

  @Test
  void should_refuse_PermitInvalid_when_the_permit_is_for_other_arguments() {
    ToolCall small =
        new ToolCall(
            "issue_refund", REFUND_1002.target(), Map.of("orderId", "1002", "amountCents", "100"));
    String permitForSmall = permit(TestPermits.PERMITS, "t/1/0", small);

    assertRefusedAndNothingWritten(
        () -> tools.execute(new ToolInvocation("t", 1, "t/1/0", REFUND_1002, permitForSmall)),
        "permit is for argumentsSha256");
  }

  @Test
  void should_refuse_PermitInvalid_when_the_permit_is_for_another_call_of_the_task() {
    String permitForOtherCall = permit(TestPermits.PERMITS, "t/1/1", REFUND_1002);

    assertRefusedAndNothingWritten(
        () -> tools.execute(new ToolInvocation("t", 1, "t/1/0", REFUND_1002, permitForOtherCall)),
        "permit is for idempotencyKey `t/1/1`");
  }

  @Test
  void should_refuse_PermitInvalid_when_the_permit_has_expired() {
    ToolPermits yesterday =
        ToolPermits.of(
            TestPermits.KEY,
            Duration.ofMinutes(5),
            Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));

    assertRefusedAndNothingWritten(
        () ->
            tools.execute(
                new ToolInvocation(
                    "t", 1, "t/1/0", REFUND_1002, permit(yesterday, "t/1/0", REFUND_1002))),
        "permit expired");
  }

  @Test
  void should_refuse_PermitInvalid_when_a_tool_permit_is_presented_for_a_compensation() {
    ToolResult refund =
        tools.execute(
            new ToolInvocation(
                "t", 1, "t/1/0", REFUND_1002, permit(TestPermits.PERMITS, "t/1/0", REFUND_1002)));
    Compensation undo = refund.compensation();
    String toolPermit = permit(TestPermits.PERMITS, undo.idempotencyKey(), undo.call());

    assertThatThrownBy(() -> tools.compensate(undo.withPermit(toolPermit)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("PermitInvalid");
              assertThat(failure.getOriginalMessage()).contains("permit is for kind `tool`");
            });
    assertThatThrownBy(() -> tools.compensate(undo))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> assertThat(failure.getType()).isEqualTo("PermitInvalid"));
    assertThat(refundedCents(shop, "1002")).isEqualTo(2500);
    assertThat(count(shop, "SELECT COUNT(*) FROM refund WHERE status = 'reversed'")).isZero();
  }

  @Test
  void should_read_back_the_recorded_result_when_an_expired_permit_is_retried_for_a_key_that_ran() {
    String live = permit(TestPermits.PERMITS, "t/1/0", REFUND_1002);
    tools.execute(new ToolInvocation("t", 1, "t/1/0", REFUND_1002, live));
    ToolPermits later =
        ToolPermits.of(
            TestPermits.KEY,
            Duration.ofMinutes(5),
            Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
    ToolResult retried =
        tools.execute(
            new ToolInvocation("t", 1, "t/1/0", REFUND_1002, permit(later, "t/1/0", REFUND_1002)));

    assertThat(retried.replayed()).isTrue();
    assertThat(refundedCents(shop, "1002")).isEqualTo(2500);
  }
}
