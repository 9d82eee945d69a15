package dev.charter.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyFact;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskState;
import dev.charter.contract.ToolCall;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger against real databases: every test runs on H2 and on PostgreSQL. */
class AuditLedgerTest {

  @TempDir static Path dir;

  private static LedgerTestDatabase h2;
  private static LedgerTestDatabase postgres;

  @BeforeAll
  static void openDatabases() {
    h2 = LedgerTestDatabase.h2(dir);
    postgres = LedgerTestDatabase.postgres();
  }

  @AfterAll
  static void closeDatabases() throws SQLException {
    h2.drop();
    postgres.drop();
  }

  static Stream<LedgerTestDatabase> databases() {
    return Stream.of(h2, postgres);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_record_a_valid_chain_when_batches_are_appended(LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("chain");

    ledger.append(events(task, 1, 3));
    AuditReceipt receipt = ledger.append(events(task, 4, 2));

    List<LedgerEntry> entries = ledger.events(task);
    assertThat(entries).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(receipt).isEqualTo(new AuditReceipt(task, 5, entries.get(4).hash()));
    assertThat(ledger.verify(task))
        .isEqualTo(new ChainVerification(true, 5, receipt.headHash(), null, null));
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
    }
    assertThat(entries.get(0).recordedAt()).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_hash_prev_hash_and_canonical_content_when_recording_the_first_event(
      LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("golden");
    // 0.50 and 2.0 print as 0.5 and 2 (RFC 8785 numbers); the null reason is left out.
    AuditFact fact = new AuditFact.TaskEnded(TaskState.BUDGET_EXCEEDED, 2, 120L, 0.50, null, "é ✓");

    ledger.append(List.of(new AuditEvent(task, 1, 0, "run-1", fact)));

    LedgerEntry entry = ledger.events(task).get(0);
    String payload =
        "{\"costUsd\":0.5,\"finalAnswer\":\"é ✓\",\"state\":\"BUDGET_EXCEEDED\",\"steps\":2,"
            + "\"tokensUsed\":120}";
    String canonical =
        "{\"payload\":"
            + payload
            + ",\"schemaVersion\":1,\"seq\":1,\"step\":0,\"taskId\":\""
            + task
            + "\",\"type\":\"task.ended\",\"workflowRunId\":\"run-1\"}";
    assertThat(entry.payloadJson()).isEqualTo(payload);
    assertThat(entry.canonicalForm()).isEqualTo("jcs-rfc8785");
    assertThat(entry.schemaVersion()).isEqualTo(1);
    assertThat(entry.fact()).isEqualTo(fact);
    assertThat(entry.prevHash()).isEqualTo("0".repeat(64));
    assertThat(entry.hash()).isEqualTo(Sha256.hex("0".repeat(64) + canonical));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_record_a_verdict_with_its_facts_as_schema_version_2_in_a_verifying_chain(
      LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("facts");
    PolicyFact order =
        new PolicyFact(
            "Shop::Order::\"1003\"",
            Map.of("tenant", "acme-shop", "refundedCents", 1500L, "verified", true),
            List.of(new PolicyFact.Source("orders", "id=1003", "3")));
    AuditFact.VerdictRecorded withFacts =
        AuditFact.VerdictRecorded.of(
            new ToolCall("issue_refund", "Shop::Order::\"1003\"", Map.of("amountCents", "5")),
            0,
            PolicyVerdict.of(Outcome.ALLOW, List.of("p-1"), List.of(), "bundle-1", null, 3)
                .withFacts(List.of(order)));

    ledger.append(
        List.of(events(task, 1, 1).get(0), new AuditEvent(task, 2, 2, "run-1", withFacts)));

    List<LedgerEntry> entries = ledger.events(task);
    assertThat(entries).extracting(LedgerEntry::schemaVersion).containsExactly(1, 2);
    LedgerEntry recorded = entries.get(1);
    assertThat(recorded.canonicalForm()).isEqualTo("jcs-rfc8785");
    assertThat(recorded.payloadJson())
        .contains(
            "\"facts\":[{\"attributes\":{\"refundedCents\":1500,\"tenant\":\"acme-shop\","
                + "\"verified\":true},\"entity\":\"Shop::Order::\\\"1003\\\"\","
                + "\"sources\":[{\"key\":\"id=1003\",\"table\":\"orders\",\"version\":\"3\"}]}]");
    assertThat(((AuditFact.VerdictRecorded) recorded.fact()).facts())
        .extracting(PolicyFact::entity, PolicyFact::sources)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Shop::Order::\"1003\"", List.of(new PolicyFact.Source("orders", "id=1003", "3"))));
    assertThat(ledger.verify(task).valid()).isTrue();
    // a retried append of the same batch hashes the same: nothing is written twice
    ledger.append(
        List.of(events(task, 1, 1).get(0), new AuditEvent(task, 2, 2, "run-1", withFacts)));
    assertThat(ledger.events(task)).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_write_nothing_twice_when_the_same_batch_is_appended_again(LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("retry");
    AuditReceipt first = ledger.append(events(task, 1, 4));

    AuditReceipt retried = ledger.append(events(task, 1, 4));
    AuditReceipt overlapping = ledger.append(events(task, 3, 4));

    assertThat(retried).isEqualTo(first);
    assertThat(ledger.events(task))
        .extracting(LedgerEntry::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(overlapping.headHash()).isEqualTo(ledger.verify(task).headHash());
    assertThat(ledger.verify(task).valid()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_throw_LedgerConflict_naming_task_and_seq_when_a_recorded_seq_has_other_content(
      LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("conflict");
    ledger.append(events(task, 1, 2));
    List<AuditEvent> forked =
        List.of(
            new AuditEvent(task, 2, 1, "run-1", new AuditFact.ToolRefused("issue_refund", "x")),
            new AuditEvent(task, 3, 1, "run-1", new AuditFact.ApprovalExpired("a")));

    assertThatThrownBy(() -> ledger.append(forked))
        .isInstanceOfSatisfying(
            LedgerConflictException.class,
            e -> {
              assertThat(e.taskId()).isEqualTo(task);
              assertThat(e.seq()).isEqualTo(2);
            })
        .hasMessageContaining("task `" + task + "` seq 2");
    assertThat(ledger.events(task)).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_refuse_a_batch_naming_expected_and_got_when_it_would_leave_a_gap(
      LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("gap");
    ledger.append(events(task, 1, 2));

    assertThatThrownBy(() -> ledger.append(events(task, 5, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected seq 3, got 5");
    assertThatThrownBy(() -> ledger.append(events(taskId("fresh"), 2, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected seq 1, got 2");
    assertThat(ledger.events(task)).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_write_nothing_when_a_batch_is_malformed(LedgerTestDatabase db) {
    AuditLedger ledger = db.ledger();
    String task = taskId("malformed");
    List<AuditEvent> skipping = new ArrayList<>(events(task, 1, 2));
    skipping.add(events(task, 4, 1).get(0));
    List<AuditEvent> mixed = new ArrayList<>(events(task, 1, 1));
    mixed.add(events("other", 2, 1).get(0));
    List<AuditEvent> notANumber =
        List.of(
            new AuditEvent(
                task, 1, 1, "run-1", new AuditFact.BudgetExceeded("costUsd", Double.NaN, 1)));

    assertThatThrownBy(() -> ledger.append(skipping))
        .hasMessageContaining("seqs must be consecutive: expected seq 3, got 4");
    assertThatThrownBy(() -> ledger.append(mixed))
        .hasMessageContaining("got `" + task + "` and `other`");
    assertThatThrownBy(() -> ledger.append(notANumber))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.used");
    assertThatThrownBy(() -> ledger.append(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no events");
    assertThat(ledger.events(task)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_keep_every_chain_whole_when_8_threads_append_500_events_each(LedgerTestDatabase db)
      throws Exception {
    AuditLedger ledger = db.ledger();
    String run = taskId("parallel");
    int threads = 8;
    int tasksPerThread = 5;
    int batchesPerTask = 10;
    int batchSize = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  // Interleave the thread's tasks so chains of many tasks grow at once.
                  for (int batch = 0; batch < batchesPerTask; batch++) {
                    for (int k = 0; k < tasksPerThread; k++) {
                      String task = run + "-" + thread + "-" + k;
                      ledger.append(events(task, 1L + (long) batch * batchSize, batchSize));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> tasks = ledger.taskIds().stream().filter(id -> id.startsWith(run)).toList();
    assertThat(tasks).hasSize(threads * tasksPerThread);
    for (String task : tasks) {
      assertThat(ledger.verify(task))
          .as(task)
          .extracting(ChainVerification::valid, ChainVerification::events)
          .containsExactly(true, (long) batchesPerTask * batchSize);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_write_each_event_once_when_4_threads_race_the_same_batches(LedgerTestDatabase db)
      throws Exception {
    AuditLedger ledger = db.ledger();
    String task = taskId("race");
    int racers = 4;
    int batches = 25;
    int batchSize = 4;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<List<AuditReceipt>>> results = new ArrayList<>();
    try {
      for (int r = 0; r < racers; r++) {
        results.add(
            pool.submit(
                () -> {
                  List<AuditReceipt> receipts = new ArrayList<>();
                  for (int batch = 0; batch < batches; batch++) {
                    start.await();
                    receipts.add(ledger.append(events(task, 1L + batch * batchSize, batchSize)));
                  }
                  return receipts;
                }));
      }
      List<AuditReceipt> expected = results.get(0).get();
      for (Future<List<AuditReceipt>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }

    List<LedgerEntry> entries = ledger.events(task);
    assertThat(entries).hasSize(batches * batchSize);
    assertThat(entries).extracting(LedgerEntry::seq).doesNotHaveDuplicates();
    assertThat(ledger.verify(task).valid()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_refuse_update_and_delete_when_raw_sql_bypasses_the_ledger(LedgerTestDatabase db)
      throws SQLException {
    AuditLedger ledger = db.ledger();
    String task = taskId("guard");
    ledger.append(events(task, 1, 2));

    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(
              () ->
                  statement.executeUpdate(
                      "UPDATE audit_event SET payload = '{}' WHERE task_id = '" + task + "'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(
              () ->
                  statement.executeUpdate(
                      "DELETE FROM audit_event WHERE task_id = '" + task + "' AND seq = 2"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      if (db.isPostgres()) {
        assertThatThrownBy(() -> statement.execute("TRUNCATE audit_event"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("append-only");
      }
    }
    assertThat(ledger.events(task)).hasSize(2);
    assertThat(ledger.verify(task).valid()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_name_the_seq_when_one_payload_byte_is_changed(LedgerTestDatabase db)
      throws SQLException {
    AuditLedger ledger = db.ledger();
    String task = taskId("tamper");
    ledger.append(events(task, 1, 5));
    String payload = ledger.events(task).get(2).payloadJson();
    String altered = payload.replace("\"callIndex\":3", "\"callIndex\":4");
    assertThat(altered).isNotEqualTo(payload);

    db.tamper(
        "UPDATE audit_event SET payload = '"
            + altered
            + "' WHERE task_id = '"
            + task
            + "' AND seq = 3");

    assertThat(ledger.verify(task))
        .isEqualTo(
            new ChainVerification(
                false, 5, ledger.events(task).get(4).hash(), 3L, "seq 3: hash mismatch"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_name_the_broken_link_when_a_row_is_rewritten_with_a_matching_hash(
      LedgerTestDatabase db) throws SQLException {
    AuditLedger ledger = db.ledger();
    String task = taskId("rewrite");
    ledger.append(events(task, 1, 5));
    LedgerEntry third = ledger.events(task).get(2);
    String forgedPayload = "{\"forged\":true}";
    String forgedHash =
        AuditLedger.chainHash(
            third.prevHash(),
            CanonicalForm.JCS.hashedContent(
                task,
                3,
                third.type(),
                third.step(),
                third.workflowRunId(),
                third.origin(),
                third.schemaVersion(),
                forgedPayload));

    db.tamper(
        "UPDATE audit_event SET payload = '"
            + forgedPayload
            + "', hash = '"
            + forgedHash
            + "' WHERE task_id = '"
            + task
            + "' AND seq = 3");

    ChainVerification verification = ledger.verify(task);
    assertThat(verification.firstBrokenSeq()).isEqualTo(4L);
    assertThat(verification.problem()).isEqualTo("seq 4: prev_hash does not match seq 3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_name_the_gap_when_a_row_is_deleted(LedgerTestDatabase db) throws SQLException {
    AuditLedger ledger = db.ledger();
    String task = taskId("delete");
    ledger.append(events(task, 1, 6));

    db.tamper("DELETE FROM audit_event WHERE task_id = '" + task + "' AND seq = 5");

    ChainVerification verification = ledger.verify(task);
    assertThat(verification.valid()).isFalse();
    assertThat(verification.events()).isEqualTo(5);
    assertThat(verification.firstBrokenSeq()).isEqualTo(5L);
    assertThat(verification.problem()).isEqualTo("gap: seq 5 missing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void should_report_an_empty_valid_chain_when_a_task_has_no_events(LedgerTestDatabase db) {
    assertThat(db.ledger().verify(taskId("unknown")))
        .isEqualTo(new ChainVerification(true, 0, null, null, null));
  }

  private static String taskId(String purpose) {
    return purpose + "-" + UUID.randomUUID();
  }

  /** {@code count} events of {@code task} from {@code fromSeq}, with nested, typed payloads. */
  static List<AuditEvent> events(String task, long fromSeq, int count) {
    List<AuditEvent> events = new ArrayList<>(count);
    for (long seq = fromSeq; seq < fromSeq + count; seq++) {
      AuditFact.VerdictRecorded verdict =
          new AuditFact.VerdictRecorded(
              "issue_refund",
              "Shop::Order::\"résumé ✓\"",
              (int) seq,
              "ab12",
              Outcome.ALLOW,
              List.of("p-1", "p-2"),
              List.of(),
              "bundle-1",
              List.of(),
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null);
      events.add(new AuditEvent(task, seq, (int) seq, "run-1", verdict));
    }
    return events;
  }
}
