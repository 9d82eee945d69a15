package dev.charter.starter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.TestStack;
import dev.charter.worker.LedgerProperties;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Secrets hygiene (issue 12, item 6): canary secrets planted in a model API key, the databases'
 * passwords, a ticket, a tool result and an exception message are looked for, after tasks that ran
 * through a failing backend, in every place an operator or an attacker with store access reads: the
 * raw Temporal history (read over plain gRPC, no codec), the ledger database (a full SQL dump), the
 * logs (console output, which logback writes), the spans (in-memory exporter), the metrics
 * (Prometheus scrape) and REST error bodies. None may appear.
 */
@ExtendWith(OutputCaptureExtension.class)
class CanarySecretsIT {

  private static final String MODEL_KEY = "sk-proj-CanaryModelKey7Qx2Lm9Rt4Vw8Yz1Ab";
  private static final String DB_PASSWORD = "Canary-Db-Pass-9f8e7d6c5b4a3";
  private static final String TICKET_SECRET = "ghp_CanaryTicket0a1b2c3d4e5f6g7h8i9j0k1l2";
  private static final String TOOL_SECRET = "AKIACANARYT00LRESULT";
  private static final String EXCEPTION_SECRET = "xoxb-7431-canary-exception-4815162342";

  private static final Map<String, String> CANARIES =
      Map.of(
          "model API key", MODEL_KEY,
          "database password", DB_PASSWORD,
          "ticket", TICKET_SECRET,
          "tool result", TOOL_SECRET,
          "exception message", EXCEPTION_SECRET);

  @TempDir Path data;

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  @Test
  void should_leave_no_canary_in_history_ledger_logs_spans_metrics_or_error_bodies(
      CapturedOutput output) throws Exception {
    AtomicInteger failures = new AtomicInteger();
    HttpServer failing = failingModel(failures);
    try (TakeoverModel model = TakeoverModel.start()) {
      Path keyFile = data.resolve("model.key");
      Files.writeString(keyFile, MODEL_KEY + "\n");
      Map<String, Object> settings = new LinkedHashMap<>();
      backend(settings, "failing", "http://127.0.0.1:" + failing.getAddress().getPort() + "/v1");
      backend(settings, "takeover", model.baseUrl());
      settings.put("charter.backends.takeover.api-key-file", keyFile.toString());
      settings.put("charter.backends.failing.api-key-file", keyFile.toString());
      settings.put("charter.profiles.support-agent.route", "failing,takeover,in-process-intent");
      settings.put("charter.ledger.password", DB_PASSWORD);
      settings.put("charter.ledger.worker-password", DB_PASSWORD);
      settings.put("charter.shop.password", DB_PASSWORD);

      List<String> taskIds = new ArrayList<>();
      List<HistoryEvent> history = new ArrayList<>();
      String ledgerDump;
      String scrape;
      List<SpanData> finished;
      List<String> errorBodies = new ArrayList<>();
      try (TestStack stack =
          TestStack.embedded(
              data,
              settings,
              context -> context.getBeanFactory().registerSingleton("testSpanExporter", spans))) {
        // the tool result: lookup_order returns the order's item, planted in the shop database
        new JdbcTemplate(stack.context.getBean("shopDataSource", DataSource.class))
            .update(
                "UPDATE orders SET item = ? WHERE id = '1001'",
                "Trail running shoes, warehouse key " + TOOL_SECRET);
        for (int i = 1; i <= 2; i++) {
          TaskRequest request =
              new TaskRequest(
                  "canary-" + i,
                  "support-agent",
                  "answer the customer",
                  List.of(
                      new TaskInput(
                          "ticket",
                          "customer_email",
                          "Where is my order 1001? Use my token " + TICKET_SECRET + " to log in.",
                          Map.of("orderId", "1001", "customerId", "c-100"))),
                  "sam.agent",
                  null,
                  null);
          String taskId = stack.tasks().start(request).taskId();
          TaskStatus done = stack.tasks().result(taskId);
          assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
          taskIds.add(taskId);
          history.addAll(stack.rawHistory(taskId));
        }
        assertThat(failures.get()).as("the failing backend was tried").isPositive();
        assertThat(model.exchanges()).as("the takeover model answered").isNotEmpty();
        assertThat(model.exchanges().stream().map(TakeoverModel.Exchange::text))
            .as("the tool result reached the model, redacted")
            .anyMatch(text -> text.contains("lookup_order"));

        ledgerDump = ledgerDump(stack);
        scrape = get(stack, "/actuator/prometheus", stack.bearer("dana.lead")).body();
        // error bodies: a malformed start carrying a canary, and a start the API refuses
        errorBodies.add(
            post(stack, "/api/tasks", "{\"goal\": \"" + TICKET_SECRET + "\", \"inputs\": [")
                .body());
        errorBodies.add(
            post(
                    stack,
                    "/api/tasks",
                    "{\"taskId\":\"c-err\",\"profile\":\"support-agent\",\"goal\":\""
                        + TICKET_SECRET
                        + "\",\"riskTier\":\"EXTREME\",\"inputs\":[{\"name\":\"ticket\","
                        + "\"source\":\"customer_email\",\"content\":\""
                        + EXCEPTION_SECRET
                        + "\"}]}")
                .body());
        // a key presented as a bearer token: refused, and neither echoed nor audited
        errorBodies.add(get(stack, "/api/tasks/canary-1", "Bearer " + MODEL_KEY).body());
        // read before the context closes: closing the exporter clears what it holds
        finished = spans.getFinishedSpanItems();
      }

      assertThat(finished).as("spans were exported").isNotEmpty();
      StringBuilder spanText = new StringBuilder();
      finished.forEach(span -> spanText.append(span).append('\n'));
      StringBuilder historyText = new StringBuilder();
      for (HistoryEvent event : history) {
        historyText.append(JsonFormat.printer().print(event)).append('\n');
        historyText.append(new String(event.toByteArray(), StandardCharsets.ISO_8859_1));
      }
      assertThat(history).hasSizeGreaterThan(20);
      assertThat(ledgerDump).contains("canary-1", "canary-2");
      assertThat(scrape).contains("charter_");

      Map<String, String> places = new LinkedHashMap<>();
      places.put("raw Temporal history", historyText.toString());
      places.put("ledger database", ledgerDump);
      places.put("logs", output.getAll());
      places.put("spans", spanText.toString());
      places.put("metrics", scrape);
      places.put("REST error bodies", String.join("\n", errorBodies));
      List<String> found = new ArrayList<>();
      places.forEach(
          (place, text) ->
              CANARIES.forEach(
                  (what, canary) -> {
                    if (text.contains(canary)) {
                      found.add(what + " in " + place);
                    }
                  }));
      System.out.printf(
          "canaries: %d planted, %d places, %d history events, %d spans, %d ledger dump chars,"
              + " %d log chars, failing backend tried %d times; found: %s%n",
          CANARIES.size(),
          places.size(),
          history.size(),
          finished.size(),
          ledgerDump.length(),
          output.getAll().length(),
          failures.get(),
          found);
      assertThat(found).isEmpty();
    } finally {
      failing.stop(0);
    }
  }

  private static void backend(Map<String, Object> settings, String name, String baseUrl) {
    String backend = "charter.backends." + name + ".";
    settings.put(backend + "hosting", "self_hosted");
    settings.put(backend + "vendor", "test");
    settings.put(backend + "region", "eu");
    settings.put(backend + "retains-data", false);
    settings.put(backend + "base-url", baseUrl);
    settings.put(backend + "model", name + "-fixture");
  }

  /**
   * An OpenAI-compatible server that always fails with HTTP 500 and the exception canary in its
   * error message, as a broken upstream that echoes what it should not.
   */
  private static HttpServer failingModel(AtomicInteger failures) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            failures.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body =
                ("{\"error\":{\"message\":\"upstream crashed with credential "
                        + EXCEPTION_SECRET
                        + "\",\"type\":\"server_error\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(500, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    return server;
  }

  /** Every table of the ledger database, as the owner's SQL dump (H2 {@code SCRIPT}). */
  private static String ledgerDump(TestStack stack) throws Exception {
    LedgerProperties ledger = stack.bean(LedgerProperties.class);
    StringBuilder dump = new StringBuilder();
    try (Connection connection =
            DriverManager.getConnection(ledger.url(), ledger.username(), ledger.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SCRIPT")) {
      while (rows.next()) {
        dump.append(rows.getString(1)).append('\n');
      }
    }
    return dump.toString();
  }

  private static HttpResponse<String> get(TestStack stack, String path, String authorization)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
                .header("Authorization", authorization)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(TestStack stack, String path, String json)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
                .header("Authorization", stack.bearer("sam.agent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
