package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.activities.audit.DecisionReceipt;
import dev.charter.activities.audit.DecisionReceipts;
import dev.charter.activities.audit.LedgerCheckpoints;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.audit.LedgerWitness;
import dev.charter.activities.audit.TrailVerification;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.cli.CharterCli;
import dev.charter.starter.demo.DemoRunner;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail of real tasks on the embedded stack: no planted PII reaches the ledger, the CLI
 * and REST verify chain, checkpoints and Temporal history, receipts verify with the public key
 * alone, and a ledger that lost or gained an event against the history is reported.
 */
class AuditTrailIT {

  private static final String EMAIL = "jane.planted@example.org";
  private static final String PHONE = "+44 20 7946 0958";
  private static final String CARD = "4111 1111 1111 1111";
  private static final String IBAN = "GB82 WEST 1234 5698 7654 32";

  @TempDir static Path data;
  static TestStack stack;
  static String api;

  @BeforeAll
  static void start() {
    // Checkpoints are taken by the tests, not the clock.
    stack = TestStack.embedded(data, Map.of("charter.audit.checkpoint-interval", "1h"));
    api = "http://127.0.0.1:" + stack.httpPort;
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void should_record_no_planted_pii_value_in_the_ledger_of_a_run() throws SQLException {
    String taskId = runTask("pii");

    List<String> planted =
        List.of(
            EMAIL,
            "jane.planted",
            PHONE,
            PHONE.replace(" ", ""),
            "7946 0958",
            CARD,
            CARD.replace(" ", ""),
            IBAN,
            IBAN.replace(" ", ""));
    StringBuilder everything = new StringBuilder();
    try (Connection connection =
            stack.context.getBean("ledgerDataSource", HikariDataSource.class).getConnection();
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT * FROM audit_event")) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          everything.append(rows.getString(i)).append('\n');
        }
      }
    }
    assertThat(stack.bean(AuditLedger.class).events(taskId)).isNotEmpty();
    assertThat(everything.toString()).contains(taskId).doesNotContain(planted);
  }

  @Test
  void should_verify_chain_checkpoints_and_history_through_the_cli_and_rest() throws Exception {
    String taskId = runTask("verified");
    LedgerCheckpoints.Checkpoint checkpoint =
        stack
            .bean(LedgerCheckpoints.class)
            .checkpoint(stack.bean(LedgerSigningKey.class))
            .orElseThrow();
    assertThat(checkpoint.heads()).extracting(LedgerCheckpoints.Head::taskId).contains(taskId);

    TrailVerification verification = stack.bean(AuditTrail.class).verify(taskId);
    assertThat(verification.firstBrokenLink()).isNull();
    assertThat(verification.valid()).isTrue();
    assertThat(verification.history()).isEmpty();
    assertThat(verification.checkpoints().checkpoints()).isGreaterThanOrEqualTo(1);

    Cli verify = cli("audit", "verify", "--api", api, taskId);
    assertThat(verify.exitCode).as(verify.out).isZero();
    assertThat(verify.out)
        .contains("chain        ok")
        .contains("checkpoints  ok")
        .contains("history      ok")
        .endsWith("VERIFIED\n");

    List<LedgerEntry> events = stack.bean(AuditLedger.class).events(taskId);
    assertThat(events).allSatisfy(e -> assertThat(e.activityId()).isNotBlank());
    assertThat(events).allSatisfy(e -> assertThat(e.workflowId()).isEqualTo(taskId));

    Path export = data.resolve(taskId + ".jsonl");
    Cli exported = cli("audit", "export", "--api", api, "--out", export.toString(), taskId);
    assertThat(exported.exitCode).isZero();
    List<String> lines = Files.readAllLines(export);
    assertThat(lines).hasSize(events.size());
    ObjectMapper json = new ObjectMapper();
    WorkflowExecutionHistory history =
        stack.bean(WorkflowClient.class).fetchHistory(taskId, events.get(0).workflowRunId());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = json.readTree(lines.get(i));
      assertThat(line.path("seq").asLong()).isEqualTo(events.get(i).seq());
      assertThat(line.path("hash").asText()).isEqualTo(events.get(i).hash());
      // The history event it stems from: the ActivityTaskScheduled event of its Record activity.
      HistoryEvent origin = history.getEvents().get((int) line.path("historyEventId").asLong() - 1);
      assertThat(origin.getActivityTaskScheduledEventAttributes().getActivityType().getName())
          .isEqualTo("Record");
      assertThat(origin.getActivityTaskScheduledEventAttributes().getActivityId())
          .isEqualTo(events.get(i).activityId());
    }

    // The same events as OpenTelemetry log records, to a collector on loopback.
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    com.sun.net.httpserver.HttpServer collector =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/logs",
        exchange -> {
          synchronized (received) {
            received.write(exchange.getRequestBody().readAllBytes());
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      Cli otlp =
          cli(
              "audit",
              "export",
              "--api",
              api,
              "--otlp-endpoint",
              "http://127.0.0.1:" + collector.getAddress().getPort(),
              taskId);
      assertThat(otlp.exitCode).as(otlp.out).isZero();
    } finally {
      collector.stop(0);
    }
    String sent;
    synchronized (received) {
      sent = received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    assertThat(events).allSatisfy(e -> assertThat(sent).contains(e.hash()));
    assertThat(sent).contains("charter.audit.seq").contains("charter-audit");

    Cli shown = cli("audit", "show", "--api", api, taskId);
    assertThat(shown.exitCode).isZero();
    assertThat(shown.out)
        .contains(AuditFact.TaskPinned.TYPE)
        .contains(AuditFact.VerdictRecorded.TYPE)
        .contains(AuditFact.TaskEnded.TYPE);

    LedgerEntry verdict =
        events.stream()
            .filter(e -> e.type().equals(AuditFact.VerdictRecorded.TYPE))
            .findFirst()
            .orElseThrow();
    Cli receipt = cli("audit", "receipt", "--api", api, taskId, Long.toString(verdict.seq()));
    assertThat(receipt.exitCode).isZero();
    String pem = get("/api/audit/public-key").body();
    PublicKey publicKey =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new X509EncodedKeySpec(
                    Base64.getMimeDecoder()
                        .decode(
                            pem.replace("-----BEGIN PUBLIC KEY-----", "")
                                .replace("-----END PUBLIC KEY-----", ""))));
    DecisionReceipt signed = DecisionReceipts.verify(receipt.out.trim(), publicKey);
    assertThat(signed.hash()).isEqualTo(verdict.hash());
    assertThat(signed.bundleHash()).hasSize(64);

    Cli notAVerdict = cli("audit", "receipt", "--api", api, taskId, "1");
    assertThat(notAVerdict.exitCode).isEqualTo(2);
    assertThat(notAVerdict.err).contains("seq 1 is a `task.pinned` event");
  }

  @Test
  void should_verify_with_the_witness_and_a_pinned_key_and_refuse_a_key_inside_the_data_folder()
      throws Exception {
    String taskId = runTask("pinned");
    stack.bean(LedgerCheckpoints.class).checkpoint(stack.bean(LedgerSigningKey.class));
    stack.bean(LedgerCheckpoints.class).witness(stack.bean(LedgerWitness.class));
    // The verifier's own copy of the key, saved from the API earlier, outside the data folder.
    Path pinned = Files.createTempFile("charter-pinned-", ".pub.pem");
    Files.writeString(pinned, get("/api/audit/public-key").body());
    try {
      Cli verified =
          cli(
              "audit",
              "verify",
              "--no-history",
              "--data-dir",
              data.toString(),
              "--public-key",
              pinned.toString(),
              "--witness",
              data.resolve("ledger-witness.jsonl").toString(),
              taskId);
      assertThat(verified.exitCode).as(verified.out + verified.err).isZero();
      assertThat(verified.out)
          .containsPattern("witness +ok +\\d+ witnessed checkpoint\\(s\\) in the ledger")
          .containsPattern("receipts +ok +\\d+ stored receipt\\(s\\) of \\d+ verdict\\(s\\)")
          .contains("VERIFIED");

      // This stack keeps its key under the data folder: trusted only when told to.
      Path beside = data.resolve("secrets").resolve("audit-signing-key.pem.pub.pem");
      Cli refused =
          cli(
              "audit",
              "verify",
              "--no-history",
              "--data-dir",
              data.toString(),
              "--public-key",
              beside.toString(),
              taskId);
      assertThat(refused.exitCode).isEqualTo(2);
      assertThat(refused.err)
          .contains("the public key `" + beside + "` lies in the data folder")
          .contains("--trust-key-beside-data");
      Cli told =
          cli(
              "audit",
              "verify",
              "--no-history",
              "--data-dir",
              data.toString(),
              "--public-key",
              beside.toString(),
              "--trust-key-beside-data",
              taskId);
      assertThat(told.exitCode).as(told.out + told.err).isZero();
    } finally {
      Files.deleteIfExists(pinned);
    }
  }

  @Test
  void should_report_the_event_history_has_and_the_ledger_lost() throws Exception {
    String taskId = runTask("lost");
    List<LedgerEntry> events = stack.bean(AuditLedger.class).events(taskId);
    LedgerEntry last = events.get(events.size() - 1);

    tamper("DELETE FROM audit_event WHERE task_id = '" + taskId + "' AND seq = " + last.seq());

    TrailVerification verification = stack.bean(AuditTrail.class).verify(taskId);
    assertThat(verification.chain().valid()).as("a shortened chain verifies alone").isTrue();
    assertThat(verification.valid()).isFalse();
    assertThat(verification.history())
        .anySatisfy(
            p ->
                assertThat(p)
                    .matches(
                        "history event \\d+ \\(Record\\) handed seq "
                            + last.seq()
                            + " \\(task.ended\\) to the ledger, which has no seq "
                            + last.seq()));
    Cli verify = cli("audit", "verify", "--api", api, taskId);
    assertThat(verify.exitCode).isEqualTo(1);
    assertThat(verify.out).contains("BROKEN: first broken link: history event");
    assertThat(get("/api/audit/" + taskId + "/verify").statusCode()).isEqualTo(409);
  }

  @Test
  void should_report_the_event_the_ledger_has_and_history_never_saw() {
    String taskId = runTask("forged");
    List<LedgerEntry> events = stack.bean(AuditLedger.class).events(taskId);
    LedgerEntry last = events.get(events.size() - 1);
    long forgedSeq = last.seq() + 1;

    // A well-chained event appended behind the workflow's back.
    stack
        .bean(AuditLedger.class)
        .append(
            List.of(
                new AuditEvent(
                    taskId,
                    forgedSeq,
                    last.step(),
                    last.workflowRunId(),
                    new AuditFact.ToolExecuted(
                        "issue_refund", "Shop::Order::\"1002\"", null, null, false, null, false))));

    TrailVerification verification = stack.bean(AuditTrail.class).verify(taskId);
    assertThat(verification.chain().valid()).isTrue();
    assertThat(verification.valid()).isFalse();
    assertThat(verification.firstBrokenLink())
        .isEqualTo(
            "ledger seq "
                + forgedSeq
                + " (tool.executed) is in no Record activity of run "
                + last.workflowRunId());
    assertThat(verification.history())
        .contains("ledger seq " + forgedSeq + " (tool.executed) has no activity result in history");
  }

  /** Runs one support ticket carrying planted PII to its end, answering approvals. */
  private static String runTask(String purpose) {
    String taskId = "audit-" + purpose + "-" + UUID.randomUUID();
    TaskRequest request =
        new TaskRequest(
            taskId,
            "support-agent",
            "Resolve the ticket from " + EMAIL,
            List.of(
                new TaskInput(
                    "ticket",
                    "customer_email",
                    "The blender arrived broken, please refund order 1002. Write to "
                        + EMAIL
                        + " or call me on "
                        + PHONE
                        + ". I paid with "
                        + CARD
                        + ", refund to "
                        + IBAN
                        + " if needed.",
                    Map.of("orderId", "1002", "customerId", "c-101", "amountCents", "4900"))),
            null,
            null,
            null);
    stack.tasks().start(request);
    for (int round = 0; round < 10; round++) {
      TaskStatus status =
          stack.awaitStatus(
              taskId,
              s ->
                  s.state().isFinal()
                      || s.state() == dev.charter.contract.TaskState.WAITING_APPROVAL);
      if (status.state().isFinal()) {
        // The last events are flushed just before the workflow completes: wait for its result.
        stack.tasks().result(taskId);
        return taskId;
      }
      String role = status.pendingApproval().requiredRoles().get(0);
      stack
          .tasks()
          .approve(
              taskId,
              new ApprovalRequest(
                  status.pendingApproval().approvalId(),
                  DemoRunner.DEMO_APPROVERS.get(role),
                  role,
                  "audit test"));
    }
    throw new AssertionError("task " + taskId + " did not end within 10 approvals");
  }

  /** As the ledger's owner: the worker's own user may not DROP TRIGGER, UPDATE or DELETE. */
  private static void tamper(String sql) throws SQLException {
    try (Connection connection =
            java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + data.resolve("ledger").toAbsolutePath(), "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TRIGGER audit_event_append_only");
      try {
        statement.executeUpdate(sql);
      } finally {
        statement.execute(
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE, DELETE ON audit_event FOR EACH"
                + " ROW CALL 'dev.charter.activities.audit.H2AppendOnlyTrigger'");
      }
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", stack.bearer("dana.lead"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private record Cli(int exitCode, String out, String err) {}

  /**
   * Runs the CLI in-process; its own writers capture everything it prints. Through the API it calls
   * as dana.lead (a support lead: audit, export, receipts).
   */
  private static Cli cli(String... args) {
    if (List.of(args).contains("--api")) {
      String[] withToken = java.util.Arrays.copyOf(args, args.length + 2);
      withToken[args.length] = "--token";
      withToken[args.length + 1] = stack.token("dana.lead");
      args = withToken;
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CharterCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }
}
