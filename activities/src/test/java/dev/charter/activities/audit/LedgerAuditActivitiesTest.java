package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import dev.charter.workflow.activity.AuditActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit activity through Temporal's activity test environment, on an H2 ledger. */
class LedgerAuditActivitiesTest {

  @TempDir Path dir;

  private HikariDataSource dataSource;
  private TestActivityEnvironment environment;
  private AuditActivities activities;

  @BeforeEach
  void startEnvironment() {
    dataSource = LedgerDataSources.h2File(dir.resolve("ledger"));
    AuditLedger.migrate(dataSource);
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(
        new LedgerAuditActivities(new AuditLedger(dataSource)));
    activities =
        environment.newActivityStub(
            AuditActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void closeEnvironment() {
    environment.close();
    dataSource.close();
  }

  @Test
  void should_return_the_receipt_and_skip_the_rows_when_a_retried_attempt_records_again() {
    TestActivityEnvironment retrying = TestActivityEnvironment.newInstance();
    try {
      LedgerAuditActivities ledgerActivities =
          new LedgerAuditActivities(new AuditLedger(dataSource));
      List<AuditReceipt> receipts = new ArrayList<>();
      // A retry runs with the same ActivityInfo (activity id) as the attempt that committed; the
      // test environment does not retry, so the activity runs its append twice under one info.
      AuditActivities committedThenRetried =
          events -> {
            receipts.add(ledgerActivities.record(events));
            receipts.add(ledgerActivities.record(events));
            return receipts.get(1);
          };
      retrying.registerActivitiesImplementations(committedThenRetried);
      AuditActivities stub =
          retrying.newActivityStub(
              AuditActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

      AuditReceipt answered = stub.record(AuditLedgerTest.events("task-a", 1, 3));

      assertThat(receipts).hasSize(2).containsOnly(answered);
      assertThat(answered.lastSeq()).isEqualTo(3);
      List<LedgerEntry> recorded = new AuditLedger(dataSource).events("task-a");
      assertThat(recorded).hasSize(3);
      assertThat(recorded)
          .allSatisfy(
              e -> {
                assertThat(e.workflowId()).isNotBlank();
                assertThat(e.activityId()).isNotBlank();
              });
      assertThat(new AuditLedger(dataSource).verify("task-a").valid()).isTrue();
    } finally {
      retrying.close();
    }
  }

  @Test
  void should_fail_with_LedgerConflict_when_another_activity_records_the_same_seqs() {
    activities.record(AuditLedgerTest.events("task-e", 1, 2));

    // A second Record activity (another activity id) is not a retry: the ledger refuses it.
    assertThatThrownBy(() -> activities.record(AuditLedgerTest.events("task-e", 1, 2)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure ->
                assertThat(failure.getType()).isEqualTo(LedgerAuditActivities.LEDGER_CONFLICT));
  }

  @Test
  void should_fail_non_retryably_with_LedgerConflict_when_a_recorded_seq_differs() {
    activities.record(AuditLedgerTest.events("task-b", 1, 2));
    List<AuditEvent> forked =
        List.of(
            new AuditEvent(
                "task-b", 2, 1, "run-2", new AuditFact.ToolRefused("issue_refund", "x")));

    assertThatThrownBy(() -> activities.record(forked))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(LedgerAuditActivities.LEDGER_CONFLICT);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains("task `task-b` seq 2");
            });
  }

  @Test
  void should_fail_non_retryably_naming_expected_and_got_when_a_batch_leaves_a_gap() {
    activities.record(AuditLedgerTest.events("task-c", 1, 1));

    assertThatThrownBy(() -> activities.record(AuditLedgerTest.events("task-c", 4, 1)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(LedgerAuditActivities.INVALID_APPEND);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains("expected seq 2, got 4");
            });
  }

  @Test
  void should_leave_database_errors_retryable_when_the_ledger_cannot_reach_its_database() {
    dataSource.close();

    assertThatThrownBy(() -> activities.record(AuditLedgerTest.events("task-d", 1, 1)))
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(LedgerStorageException.class.getName());
              assertThat(failure.isNonRetryable()).isFalse();
            });
  }

  @Test
  void should_record_a_tool_output_with_its_secrets_replaced_by_their_kind() {
    AuditFact.ToolExecuted lookup =
        new AuditFact.ToolExecuted(
            "lookup_order",
            "Shop::Order::\"1001\"",
            "0".repeat(64),
            "t/1/0",
            false,
            Map.of("orderId", "1001", "item", "Shoes, warehouse key AKIAQ3EGRJ7XKZ2M5T9P"),
            false);

    AuditEvent recorded = LedgerAuditActivities.redacted(new AuditEvent("t", 3, 1, "run", lookup));

    assertThat(((AuditFact.ToolExecuted) recorded.payload()).output())
        .containsEntry("orderId", "1001")
        .containsEntry("item", "Shoes, warehouse key <secret>");
    assertThat(LedgerAuditActivities.redacted(new AuditEvent("t", 3, 1, "run", lookup)))
        .as("deterministic: a retried append hashes the same")
        .isEqualTo(recorded);
  }
}
