package dev.charter.starter.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerDataSources;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Budgets;
import dev.charter.contract.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTaskIndexTest {

  @TempDir Path dir;

  private HikariDataSource ledgerDb;
  private AuditLedger ledger;

  @BeforeEach
  void ledger() {
    ledgerDb = LedgerDataSources.h2File(dir.resolve("ledger"));
    AuditLedger.migrate(ledgerDb);
    ledger = new AuditLedger(ledgerDb);
  }

  @AfterEach
  void close() {
    ledgerDb.close();
  }

  @Test
  void should_fold_a_task_row_from_the_recorded_facts() {
    AuditFact.TaskPinned pinned =
        new AuditFact.TaskPinned(
            "support-desk",
            "3",
            "acme-shop",
            "MEDIUM",
            "eu",
            "b-1",
            "r-1",
            List.of("local"),
            List.of("issue_refund"),
            new Budgets(10, 1000, 1.0, 60, 300),
            null,
            "dana",
            null,
            null,
            null);
    ledger.append(
        List.of(
            new AuditEvent("t-1", 1, 0, "run", pinned),
            new AuditEvent(
                "t-1",
                2,
                1,
                "run",
                new AuditFact.ApprovalRequested(
                    "t-1/1/0",
                    "issue_refund",
                    "Shop::Order::\"1\"",
                    "ab",
                    List.of("lead"),
                    "b-1"))));

    TaskSummary waiting = new LedgerTaskIndex(ledgerDb).find("t-1");

    assertThat(waiting.tenant()).isEqualTo("acme-shop");
    assertThat(waiting.profile()).isEqualTo("support-desk");
    assertThat(waiting.riskTier()).isEqualTo("MEDIUM");
    assertThat(waiting.requestedBy()).isEqualTo("dana");
    assertThat(waiting.state()).isEqualTo(TaskState.WAITING_APPROVAL);
    assertThat(waiting.pendingApprovalId()).isEqualTo("t-1/1/0");
    assertThat(waiting.pendingTool()).isEqualTo("issue_refund");

    ledger.append(
        List.of(
            new AuditEvent(
                "t-1",
                3,
                1,
                "run",
                new AuditFact.ApprovalGranted("t-1/1/0", "lee", "lead", "ab", null)),
            new AuditEvent(
                "t-1",
                4,
                2,
                "run",
                new AuditFact.TaskEnded(TaskState.COMPLETED, 2, 40, 0.0, null, "refunded"))));

    TaskSummary ended = new LedgerTaskIndex(ledgerDb).find("t-1");

    assertThat(ended.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(ended.step()).isEqualTo(2);
    assertThat(ended.pendingApprovalId()).isNull();
    assertThat(ended.endedAt()).isNotNull();
  }

  @Test
  void should_name_the_task_seq_and_type_of_a_payload_that_is_not_its_fact() throws Exception {
    try (Connection c = ledgerDb.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO audit_event (task_id, seq, type, step, workflow_run_id, payload,"
                    + " prev_hash, hash) VALUES ('t-2', 1, 'task.ended', 0, 'run',"
                    + " '{\"state\":\"COMPLETED\",\"verdict\":\"x\"}', ?, ?)")) {
      insert.setString(1, "0".repeat(64));
      insert.setString(2, "0".repeat(64));
      insert.executeUpdate();
    }

    assertThatThrownBy(() -> new LedgerTaskIndex(ledgerDb).find("t-2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("task index: ledger event t-2#1 of type `task.ended`")
        .hasMessageContaining("verdict");
  }
}
