package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.activities.inference.ChatApiFixture;
import dev.charter.activities.inference.RouteJournal;
import dev.charter.contract.AuditFact;
import dev.charter.contract.BackendRef;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.cli.CharterCli;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing on the real stack (embedded Temporal, Cedar, DJL model, H2 ledger) with a closed-API
 * fixture speaking the OpenAI protocol: PII never reaches it, shadows are recorded and compared,
 * canary arms are pinned and replay.
 *
 * <p>Routes: {@code support-agent} = in-process model, canary arm {@code in-process-v2} (a second
 * in_process backend loading the same model until v2 ships) at 20 %, shadow {@code gpt-closed};
 * {@code closed-first} = {@code gpt-closed}, shadow the in-process model.
 */
class RoutingIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLANTED_EMAIL = "planted.customer@example.com";

  @TempDir static Path data;
  static ChatApiFixture closedApi;
  static TestStack stack;

  @BeforeAll
  static void start() throws Exception {
    closedApi =
        ChatApiFixture.start(
            "gpt-fixture-2026-01-01", new ChatApiFixture.Text("Your order is on its way."));
    Path key = data.resolve("openai.key");
    Files.writeString(key, "sk-fixture\n");
    Map<String, Object> settings = new LinkedHashMap<>();
    String closed = "charter.backends.gpt-closed.";
    settings.put(closed + "hosting", "closed_api");
    settings.put(closed + "vendor", "openai");
    settings.put(closed + "region", "eu");
    settings.put(closed + "retains-data", true);
    settings.put(closed + "base-url", closedApi.baseUrl());
    settings.put(closed + "model", "gpt-fixture");
    settings.put(closed + "api-key-file", key.toString());
    settings.put(closed + "input-usd-per-million", 2.5);
    settings.put(closed + "output-usd-per-million", 10);
    // Configured but without a key: disabled, shown as such in health and metrics.
    String noKey = "charter.backends.claude-nokey.";
    settings.put(noKey + "hosting", "closed_api");
    settings.put(noKey + "vendor", "anthropic");
    settings.put(noKey + "region", "eu");
    settings.put(noKey + "retains-data", true);
    settings.put(noKey + "protocol", "anthropic");
    settings.put(noKey + "base-url", closedApi.baseUrl());
    settings.put(noKey + "model", "claude-fixture");
    settings.put(noKey + "api-key-env", "CHARTER_TEST_UNSET_ANTHROPIC_KEY");
    settings.put("charter.backends.in-process-v2.hosting", "in_process");
    settings.put("charter.backends.in-process-v2.vendor", "charter");
    settings.put("charter.backends.in-process-v2.region", "eu");
    settings.put("charter.routes.support-agent.canary", "in-process-v2");
    settings.put("charter.routes.support-agent.canary-percent", 20);
    settings.put("charter.routes.support-agent.shadow", "gpt-closed");
    String profile = "charter.profiles.closed-first.";
    settings.put(profile + "version", "1");
    settings.put(profile + "tenant", "acme-shop");
    settings.put(profile + "risk-tier", "LOW");
    settings.put(profile + "residency", "eu");
    settings.put(profile + "tools", "lookup_order,escalate_to_human");
    settings.put(profile + "route", "gpt-closed");
    settings.put(profile + "budgets.max-steps", 4);
    settings.put("charter.routes.closed-first.shadow", "in-process-intent");
    stack = TestStack.embedded(data, settings);
  }

  @AfterAll
  static void stop() {
    stack.close();
    closedApi.close();
  }

  private static TaskStatus run(String profile, String taskId, String text) {
    stack
        .tasks()
        .start(
            new TaskRequest(
                taskId,
                profile,
                "Resolve the ticket",
                List.of(
                    new TaskInput(
                        "ticket",
                        "customer_email",
                        text,
                        Map.of("orderId", "1001", "customerId", "c-100"))),
                "it",
                null,
                null));
    // The workflow's result, not a final status: the last events are appended just before it.
    return stack.tasks().result(taskId);
  }

  private static List<JsonNode> events(String taskId, String type) throws Exception {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (LedgerEntry entry : stack.bean(AuditLedger.class).events(taskId)) {
      if (entry.type().equals(type)) {
        found.add(JSON.readTree(entry.payloadJson()));
      }
    }
    return found;
  }

  private static List<JsonNode> shadowRecords(String taskId) throws Exception {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (LedgerEntry entry : stack.bean(AuditLedger.class).events(RouteJournal.SHADOW)) {
      JsonNode record = JSON.readTree(entry.payloadJson());
      if (record.path("taskId").asText().equals(taskId)) {
        found.add(record);
      }
    }
    return found;
  }

  /** A task id whose canary bucket is (or is not) below the 20 % split. */
  private static String taskId(boolean canary) {
    while (true) {
      String id = "route-" + UUID.randomUUID();
      if ((CanaryRoutes.bucket(id) < 20) == canary) {
        return id;
      }
    }
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
                    .header("Authorization", stack.bearer("dana.lead"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  /** The value of the one Prometheus sample whose name and labels are exactly {@code series}. */
  private static double sample(String scrape, String series) {
    List<String> lines = scrape.lines().filter(line -> line.startsWith(series + " ")).toList();
    assertThat(lines).as(series).hasSize(1);
    return Double.parseDouble(lines.get(0).substring(series.length() + 1).trim());
  }

  @Test
  void should_show_every_backend_breaker_in_prometheus_and_health_and_count_shadow_agreement()
      throws Exception {
    // Stable arm of support-agent, no PII: the closed-API shadow is permitted and called.
    // (Not closed-first: its compare test counts that route's samples.)
    String taskId = taskId(false);
    TaskStatus done = run("support-agent", taskId, "Where is my order 1001? It has not arrived.");
    assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(shadowRecords(taskId)).isNotEmpty();

    String scrape = get("/actuator/prometheus");
    Map<String, String> hosting =
        Map.of(
            "in-process-intent", "in_process",
            "in-process-v2", "in_process",
            "gpt-closed", "closed_api",
            "claude-nokey", "closed_api");
    for (Map.Entry<String, String> backend : hosting.entrySet()) {
      String labels =
          "{application=\"charter\",backend=\""
              + backend.getKey()
              + "\",hosting=\""
              + backend.getValue()
              + "\"}";
      assertThat(sample(scrape, "charter_backend_breaker_state" + labels)).isZero();
      assertThat(sample(scrape, "charter_backend_failures_total" + labels)).isZero();
      assertThat(sample(scrape, "charter_backend_not_permitted_total" + labels)).isZero();
      assertThat(sample(scrape, "charter_backend_bulkhead_rejected_total" + labels)).isZero();
      assertThat(sample(scrape, "charter_backend_bulkhead_available" + labels)).isEqualTo(8.0);
      assertThat(sample(scrape, "charter_backend_enabled" + labels))
          .isEqualTo(backend.getKey().equals("claude-nokey") ? 0.0 : 1.0);
    }
    String gpt = "{application=\"charter\",backend=\"gpt-closed\",hosting=\"closed_api\"}";
    assertThat(sample(scrape, "charter_backend_calls_total" + gpt)).isGreaterThanOrEqualTo(1.0);
    String nokey = "{application=\"charter\",backend=\"claude-nokey\",hosting=\"closed_api\"}";
    assertThat(sample(scrape, "charter_backend_calls_total" + nokey)).isZero();
    // The in-process model proposes lookup_order, the fixture a final answer: they disagree.
    assertThat(
            sample(
                scrape,
                "charter_model_shadow_comparisons_total{application=\"charter\","
                    + "primary=\"in-process-intent\",result=\"disagree\",shadow=\"gpt-closed\"}"))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(
            sample(
                scrape,
                "charter_route_decisions_total{application=\"charter\",arm=\"stable\","
                    + "outcome=\"ok\",route=\"support-agent\"}"))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(
            sample(
                scrape,
                "charter_route_tool_verdicts_total{application=\"charter\",arm=\"stable\","
                    + "outcome=\"ALLOW\",route=\"support-agent\"}"))
        .isGreaterThanOrEqualTo(1.0);

    JsonNode health = JSON.readTree(get("/actuator/health"));
    assertThat(health.path("status").asText()).isEqualTo("UP");
    JsonNode backends = health.at("/components/modelBackends/components");
    assertThat(backends.path("gpt-closed").path("status").asText()).isEqualTo("UP");
    assertThat(backends.at("/gpt-closed/details/breaker").asText()).isEqualTo("CLOSED");
    assertThat(backends.at("/gpt-closed/details/calls").asLong()).isPositive();
    assertThat(backends.at("/in-process-v2/details/breaker").asText()).isEqualTo("CLOSED");
    assertThat(backends.at("/in-process-v2/details/modelId").asText()).isNotBlank();
    assertThat(backends.at("/in-process-intent/details/weightsSha256").asText()).hasSize(64);
    assertThat(backends.path("claude-nokey").path("status").asText()).isEqualTo("UNKNOWN");
    assertThat(backends.at("/claude-nokey/details/disabled").asText()).isEqualTo("no API key");
    assertThat(backends.at("/claude-nokey/details/breaker").asText()).isEqualTo("CLOSED");
  }

  @Test
  void should_refuse_the_closed_api_shadow_on_pii_and_audit_the_route_decision() throws Exception {
    String taskId = taskId(false);
    int before = closedApi.bodies().size();

    TaskStatus done =
        run(
            "support-agent",
            taskId,
            "Where is my order 1001? It has not arrived yet. Write to " + PLANTED_EMAIL);

    assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(done.backends()).containsExactly("in-process-intent");
    List<JsonNode> routed = events(taskId, AuditFact.ModelRouted.TYPE);
    assertThat(routed).isNotEmpty();
    for (JsonNode route : routed) {
      assertThat(route.at("/refused/0/backend").asText()).isEqualTo("gpt-closed#shadow");
      assertThat(route.at("/refused/0/determiningPolicies/0").asText())
          .isEqualTo("no-pii-to-closed-api");
    }
    assertThat(shadowRecords(taskId)).isEmpty();
    assertThat(closedApi.bodies()).hasSize(before);
    assertThat(closedApi.bodies()).noneMatch(body -> body.contains(PLANTED_EMAIL));
  }

  @Test
  void should_shadow_non_sensitive_steps_and_compare_the_arms() throws Exception {
    for (int i = 0; i < 3; i++) {
      String taskId = "closed-first-" + UUID.randomUUID();
      TaskStatus done = run("closed-first", taskId, "Where is my order 1001? It has not arrived.");
      assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
      assertThat(done.finalAnswer()).isEqualTo("Your order is on its way.");
      assertThat(done.backends()).containsExactly("gpt-closed");
      assertThat(shadowRecords(taskId)).hasSize(1);
    }

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + stack.httpPort
                                + "/api/routes/closed-first/compare"))
                    .header("Authorization", stack.bearer("dana.lead"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode report = JSON.readTree(response.body());
    JsonNode tier = report.at("/tiers/0");
    assertThat(tier.path("riskTier").asText()).isEqualTo("LOW");
    assertThat(tier.path("samples").asInt()).isEqualTo(3);
    // The fixture always answers at once; the in-process model proposes `lookup_order` first.
    assertThat(tier.path("agreement").asDouble()).isZero();
    JsonNode primary = tier.at("/arms/0");
    JsonNode shadow = tier.at("/arms/1");
    assertThat(primary.path("backend").asText()).isEqualTo("gpt-closed");
    assertThat(primary.path("calls").asInt()).isEqualTo(3);
    assertThat(primary.path("costUsdPerCall").asDouble())
        .isEqualTo((120 * 2.5 + 18 * 10.0) / 1_000_000);
    assertThat(primary.path("p95Micros").asLong())
        .isGreaterThanOrEqualTo(primary.path("p50Micros").asLong())
        .isPositive();
    assertThat(shadow.path("backend").asText()).isEqualTo("in-process-intent");
    assertThat(shadow.path("calls").asInt()).isEqualTo(3);
    assertThat(shadow.path("costUsdPerCall").asDouble()).isZero();

    assertThat(
            CharterCli.execute(
                "route",
                "compare",
                "closed-first",
                "--api",
                "http://127.0.0.1:" + stack.httpPort,
                "--token",
                stack.token("dana.lead")))
        .isZero();
  }

  @Test
  void should_pin_the_canary_arm_by_task_id_and_replay_it_then_roll_back_audited()
      throws Exception {
    String canaryTask = taskId(true);
    String stableTask = taskId(false);
    String ticket = "Where is my order 1001? It has not arrived yet.";

    TaskStatus canary = run("support-agent", canaryTask, ticket);
    TaskStatus stable = run("support-agent", stableTask, ticket);

    assertThat(canary.pin().route())
        .extracting(BackendRef::name)
        .containsExactly("in-process-v2", "gpt-closed#shadow");
    assertThat(canary.pin().routeVersion()).endsWith("+canary");
    assertThat(canary.backends()).containsExactly("in-process-v2");
    assertThat(stable.pin().route())
        .extracting(BackendRef::name)
        .containsExactly("in-process-intent", "gpt-closed#shadow");
    assertThat(stable.backends()).containsExactly("in-process-intent");

    // Replay of the canary task's history takes the pinned arm: no non-determinism.
    WorkflowExecutionHistory history = stack.bean(WorkflowClient.class).fetchHistory(canaryTask);
    stack.replay(history);

    assertThat(
            CharterCli.execute(
                "route",
                "rollback",
                "support-agent",
                "--reason",
                "canary drift",
                "--api",
                "http://127.0.0.1:" + stack.httpPort,
                "--token",
                stack.token("pat.admin")))
        .isZero();
    List<LedgerEntry> changes = stack.bean(AuditLedger.class).events(RouteJournal.ROUTES);
    JsonNode last = JSON.readTree(changes.get(changes.size() - 1).payloadJson());
    assertThat(changes.get(changes.size() - 1).type()).isEqualTo(AuditFact.CanaryRolledBack.TYPE);
    assertThat(last.path("reason").asText()).isEqualTo("canary drift");
    assertThat(last.path("fromPercent").asInt()).isEqualTo(20);

    TaskStatus afterRollback = run("support-agent", taskId(true), ticket);
    assertThat(afterRollback.pin().route())
        .extracting(BackendRef::name)
        .containsExactly("in-process-intent", "gpt-closed#shadow");

    // Restore the split for the other tests of this class, audited too.
    assertThat(
            CharterCli.execute(
                "route",
                "set-canary",
                "support-agent",
                "20",
                "--api",
                "http://127.0.0.1:" + stack.httpPort,
                "--token",
                stack.token("pat.admin")))
        .isZero();
  }
}
