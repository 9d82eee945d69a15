package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskState;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains recorded before facts were typed and before RFC 8785: {@code
 * ledger/ledger-before-jcs.json} holds the rows the ledger code of commit b6cabec wrote for the
 * Record activity inputs of three demo golden histories (large refund, over-limit refund,
 * undeliverable refund), as stored. They must still verify, and still read as typed facts.
 */
class LegacyLedgerFixtureTest {

  private static final String INSERT =
      "INSERT INTO audit_event (task_id, seq, type, step, workflow_run_id, workflow_id,"
          + " activity_id, trace_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  @TempDir Path dir;

  @Test
  void should_verify_and_read_a_ledger_recorded_before_typed_facts_and_jcs() throws Exception {
    LedgerTestDatabase db = LedgerTestDatabase.h2(dir, true);
    try {
      Set<String> tasks = load(db);
      AuditLedger ledger = db.ledger();

      assertThat(tasks).hasSize(3);
      for (String task : tasks) {
        assertThat(ledger.verify(task).valid()).as("chain of %s", task).isTrue();
        for (LedgerEntry entry : ledger.events(task)) {
          assertThat(entry.canonicalForm()).isNull();
          assertThat(entry.fact().type()).isEqualTo(entry.type());
        }
      }
      assertThat(ledger.events("demo-golden-large-refund"))
          .extracting(e -> e.fact().getClass().getSimpleName())
          .contains(
              "TaskPinned", "VerdictRecorded", "ApprovalGranted", "ToolExecuted", "TaskEnded");
    } finally {
      db.drop();
    }
  }

  @Test
  void should_chain_a_jcs_event_behind_legacy_ones_and_verify_both() throws Exception {
    LedgerTestDatabase db = LedgerTestDatabase.h2(dir, true);
    try {
      load(db);
      AuditLedger ledger = db.ledger();
      String task = "demo-golden-over-limit-refund";
      LedgerEntry last = ledger.events(task).get(ledger.events(task).size() - 1);

      ledger.append(
          List.of(
              new AuditEvent(
                  task,
                  last.seq() + 1,
                  last.step(),
                  last.workflowRunId(),
                  new AuditFact.TaskEnded(TaskState.DENIED, 2, 0, 0, "appended after", null))));

      List<LedgerEntry> chain = ledger.events(task);
      assertThat(chain.get(chain.size() - 1).canonicalForm()).isEqualTo("jcs-rfc8785");
      assertThat(chain.get(chain.size() - 2).canonicalForm()).isNull();
      assertThat(ledger.verify(task).valid()).isTrue();
    } finally {
      db.drop();
    }
  }

  private static Set<String> load(LedgerTestDatabase db) throws Exception {
    JsonNode rows;
    try (InputStream in =
        LegacyLedgerFixtureTest.class.getResourceAsStream("/ledger/ledger-before-jcs.json")) {
      rows = new ObjectMapper().readTree(in);
    }
    Set<String> tasks = new LinkedHashSet<>();
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (JsonNode row : rows) {
        insert.setString(1, row.get("taskId").asText());
        insert.setLong(2, row.get("seq").asLong());
        insert.setString(3, row.get("type").asText());
        insert.setInt(4, row.get("step").asInt());
        insert.setString(5, row.get("workflowRunId").asText(null));
        insert.setString(6, row.get("workflowId").asText(null));
        insert.setString(7, row.get("activityId").asText(null));
        insert.setString(8, row.get("traceId").isNull() ? null : row.get("traceId").asText());
        insert.setString(9, row.get("payload").asText());
        insert.setString(10, row.get("prevHash").asText());
        insert.setString(11, row.get("hash").asText());
        insert.executeUpdate();
        tasks.add(row.get("taskId").asText());
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
    return tasks;
  }
}
