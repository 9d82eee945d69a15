package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.policy.BundleRegistry;
import dev.charter.starter.cli.CharterCli;
import dev.charter.starter.demo.DemoRunner;
import dev.charter.starter.demo.DemoTicket;
import dev.charter.starter.security.AccessChain;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundle switches on a running worker: loading through REST (authorized by Cedar, audited),
 * refusing invalid bundles, pinned tasks under a switch (revocation counts at once, loosening does
 * not), and shadow mode's drift report.
 */
class PolicySwitchIT {

  static final Path DEMO_BUNDLE = Path.of("../policies/src/main/resources/policies/support-desk");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path data;
  @TempDir static Path bundles;
  static TestStack stack;
  static HttpClient http;
  static String demoId;

  @BeforeAll
  static void start() {
    // A second profile, identical to support-agent but moving its pin forward.
    Map<String, Object> settings = new java.util.LinkedHashMap<>();
    String forward = "charter.profiles.forward-agent.";
    settings.put(forward + "version", "1");
    settings.put(forward + "tenant", "acme-shop");
    settings.put(forward + "risk-tier", "MEDIUM");
    settings.put(forward + "residency", "eu");
    settings.put(
        forward + "tools",
        "lookup_order,issue_refund,send_customer_email,export_customer_data,escalate_to_human");
    settings.put(forward + "route", "in-process-intent");
    settings.put(forward + "budgets.max-steps", 8);
    settings.put(forward + "budgets.max-tokens", 20000);
    settings.put(forward + "budgets.max-cost-usd", 1.0);
    settings.put(forward + "budgets.max-wall-clock-seconds", 86400);
    settings.put(forward + "budgets.approval-timeout-seconds", 86400);
    settings.put(forward + "pin-forward", true);
    // The variants below are edited, unsigned copies: signatures are checked and reported, not
    // required (SupplyChainIT attacks the required mode).
    settings.put("charter.policy.signatures", "checked");
    stack = TestStack.embedded(data, settings);
    http = HttpClient.newHttpClient();
    demoId = stack.bean(BundleRegistry.class).active().bundle().id();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /**
   * Every test refunds order 1004 of customer c-103; the bundle caps what an order and a customer
   * may get back in a day. Those caps are not what these tests are about, so each starts with the
   * earlier tests' refunds reversed and moved to an earlier day.
   */
  @BeforeEach
  void forgetEarlierRefunds() throws Exception {
    try (var connection =
            stack.context.getBean("shopDataSource", javax.sql.DataSource.class).getConnection();
        var statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE refund SET status = 'reversed', reversed_at = CURRENT_TIMESTAMP,"
              + " created_at = DATEADD('DAY', -2, created_at)");
      statement.executeUpdate("UPDATE orders SET refunded_cents = 0");
    }
  }

  @BeforeEach
  void activateTheDemoBundle() throws Exception {
    HttpResponse<String> response = load("pat.admin", DEMO_BUNDLE.toString(), "active");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(stack.bean(BundleRegistry.class).active().bundle().id()).isEqualTo(demoId);
  }

  static HttpResponse<String> load(String user, String path, String mode) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + stack.httpPort + "/api/policy/bundles"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("path", path, "mode", mode))));
    if (user != null) {
      request.header("Authorization", stack.bearer(user));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String user, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
            .header("Authorization", stack.bearer(user))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A copy of the demo bundle with one file's text replaced. */
  static Path variant(String name, String file, String from, String to) throws IOException {
    Path copy = Files.createDirectories(bundles.resolve(name));
    try (Stream<Path> files = Files.list(DEMO_BUNDLE)) {
      for (Path f : files.toList()) {
        Files.copy(
            f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String text = Files.readString(copy.resolve(file));
    assertThat(text).contains(from);
    Files.writeString(copy.resolve(file), text.replace(from, to));
    return copy;
  }

  static Path lowerRefundLimit() throws IOException {
    return variant(
        "refund-limit-200",
        "orders.cedar",
        "when { context.input.amountCents > 50000 };",
        "when { context.input.amountCents > 20000 };");
  }

  /**
   * Starts a $250 refund on order 1004 ($900, so several tests can refund it) and waits until it
   * asks a support lead about the refund.
   */
  static TaskStatus refundWaitingForApproval(String taskId) {
    return refundWaitingForApproval(taskId, "support-agent");
  }

  static TaskStatus refundWaitingForApproval(String taskId, String profile) {
    stack
        .tasks()
        .start(
            new TaskRequest(
                taskId,
                profile,
                "Resolve the customer's support ticket",
                List.of(
                    new TaskInput(
                        "ticket",
                        "customer_email",
                        "Please refund 250 dollars of order 1004, one of the items never worked.",
                        Map.of("orderId", "1004", "customerId", "c-103", "amountCents", "25000"))),
                "test",
                null,
                null));
    TaskStatus waiting = stack.awaitApproval(taskId);
    assertThat(waiting.pendingApproval().call().tool()).isEqualTo("issue_refund");
    assertThat(waiting.pin().bundleHash()).isEqualTo(demoId);
    return waiting;
  }

  static void approve(String taskId, TaskStatus waiting) {
    stack
        .tasks()
        .approve(
            taskId,
            new ApprovalRequest(
                waiting.pendingApproval().approvalId(), "dana.lead", "support_lead", "ok"));
  }

  /**
   * Answers every approval the task asks for, as dana.lead, until {@code stop} holds or the task
   * ends; {@code asked} gets each approval's tool and id. Bounded.
   */
  static TaskStatus approveUntil(String taskId, Predicate<TaskStatus> stop, List<String> asked) {
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      TaskStatus now =
          stack.awaitStatus(
              taskId,
              s ->
                  s.state().isFinal()
                      || (s.state() == TaskState.WAITING_APPROVAL
                          && s.pendingApproval() != null
                          && !answered.contains(s.pendingApproval().approvalId())));
      if (now.state().isFinal()) {
        // The last events are appended just before the workflow completes: wait for its result.
        return stack.tasks().result(taskId);
      }
      if (stop.test(now)) {
        // A pending approval shows in the status a moment before its ledger append completes.
        if (now.pendingApproval() != null) {
          String approvalId = now.pendingApproval().approvalId();
          TestStack.await(
              () -> approvalRequested(taskId),
              ids -> ids.contains(approvalId),
              java.time.Duration.ofSeconds(30));
        }
        return now;
      }
      asked.add(now.pendingApproval().call().tool() + " " + now.pendingApproval().approvalId());
      answered.add(now.pendingApproval().approvalId());
      approve(taskId, now);
    }
    throw new AssertionError("task " + taskId + " asked for more than 10 approvals");
  }

  static List<String> approvalRequested(String taskId) {
    try {
      return events(taskId, AuditFact.ApprovalRequested.TYPE).stream()
          .map(e -> e.path("approvalId").asText())
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<JsonNode> events(String taskId, String type) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (LedgerEntry entry : stack.bean(AuditLedger.class).events(taskId)) {
      if (entry.type().equals(type)) {
        out.add(JSON.readTree(entry.payloadJson()));
      }
    }
    return out;
  }

  @Test
  void should_refuse_an_invalid_bundle_naming_file_and_line_and_keep_the_running_one()
      throws Exception {
    Path broken =
        variant(
            "broken",
            "orders.cedar",
            "context.input.amountCents <= 50000",
            "context.input.amountCents <= \"50000\"");

    HttpResponse<String> refused = load("pat.admin", broken.toString(), "active");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("orders.cedar:8");
    assertThat(stack.bean(BundleRegistry.class).active().bundle().id()).isEqualTo(demoId);
    assertThat(load("sam.agent", lowerRefundLimit().toString(), "active").statusCode())
        .isEqualTo(403);
    assertThat(load(null, lowerRefundLimit().toString(), "active").statusCode()).isEqualTo(401);
    assertThat(stack.bean(BundleRegistry.class).active().bundle().id()).isEqualTo(demoId);
  }

  @Test
  void should_audit_every_switch_under_the_reserved_policy_task() throws Exception {
    HttpResponse<String> switched = load("pat.admin", lowerRefundLimit().toString(), "active");
    String newId = JSON.readTree(switched.body()).path("bundleId").asText();

    List<JsonNode> activations = events("_policy", AuditFact.PolicyActivated.TYPE);
    assertThat(activations).isNotEmpty();
    JsonNode last = activations.get(activations.size() - 1);
    assertThat(last.path("bundleId").asText()).isEqualTo(newId);
    assertThat(last.path("previousBundleId").asText()).isEqualTo(demoId);
    assertThat(last.path("by").asText()).isEqualTo("pat.admin");
    assertThat(stack.bean(AuditLedger.class).verify("_policy").valid()).isTrue();
  }

  @Test
  void should_finish_under_the_pinned_bundle_when_an_unrelated_switch_happens() throws Exception {
    String taskId = "pinned-" + System.nanoTime();
    TaskStatus waiting = refundWaitingForApproval(taskId);
    Path unrelated =
        variant(
            "unrelated",
            "bundle.json",
            "\"name\": \"support-desk\"",
            "\"name\": \"support-desk-renamed\"");
    String newId =
        JSON.readTree(load("pat.admin", unrelated.toString(), "active").body())
            .path("bundleId")
            .asText();
    assertThat(newId).isNotEqualTo(demoId);

    List<String> asked = new ArrayList<>();
    TaskStatus next = approveUntil(taskId, s -> false, asked);

    // The refund was approved under the demo bundle; the switch voids that approval, so the
    // same call is asked about again before it runs, then the email asks for its own.
    assertThat(asked)
        .containsExactly(
            "issue_refund " + waiting.pendingApproval().approvalId(),
            "issue_refund " + waiting.pendingApproval().approvalId() + "/2",
            "send_customer_email " + taskId + "/3/0");
    assertThat(next.state()).isEqualTo(TaskState.COMPLETED);
    List<JsonNode> verdicts = events(taskId, AuditFact.VerdictRecorded.TYPE);
    assertThat(verdicts).hasSizeGreaterThanOrEqualTo(3);
    assertThat(verdicts)
        .allSatisfy(
            v -> {
              assertThat(v.path("pinnedBundleHash").asText()).isEqualTo(demoId);
              assertThat(v.path("bundleHash").asText()).isEqualTo(demoId);
            });
    assertThat(verdicts.get(verdicts.size() - 1).path("activeBundleHash").asText())
        .isEqualTo(newId);
  }

  @Test
  void should_deny_a_running_task_at_its_next_authorization_when_the_refund_limit_is_lowered()
      throws Exception {
    String taskId = "revoked-" + System.nanoTime();
    TaskStatus waiting = refundWaitingForApproval(taskId);
    String stricterId =
        JSON.readTree(load("pat.admin", lowerRefundLimit().toString(), "active").body())
            .path("bundleId")
            .asText();

    approve(taskId, waiting);
    // The workflow's result, not a final status: the last events are appended just before it.
    TaskStatus done = stack.tasks().result(taskId);

    assertThat(done.state()).isEqualTo(TaskState.DENIED);
    List<JsonNode> verdicts = events(taskId, AuditFact.VerdictRecorded.TYPE);
    JsonNode last = verdicts.get(verdicts.size() - 1);
    assertThat(last.path("outcome").asText()).isEqualTo("DENY");
    assertThat(last.path("bundleHash").asText()).isEqualTo(stricterId);
    assertThat(last.path("activeBundleHash").asText()).isEqualTo(stricterId);
    assertThat(last.path("activeOutcome").asText()).isEqualTo("DENY");
    assertThat(last.path("pinnedBundleHash").asText()).isEqualTo(demoId);
    // The approval was given under the demo bundle, so after the switch it counts for neither.
    assertThat(last.path("pinnedOutcome").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(last.path("determiningPolicies").toString()).contains("refund-hard-limit");
    assertThat(events(taskId, AuditFact.ToolExecuted.TYPE))
        .noneMatch(e -> e.path("tool").asText().equals("issue_refund"));
  }

  @Test
  void should_not_loosen_a_running_task_when_a_switch_drops_a_rule() throws Exception {
    String taskId = "loosened-" + System.nanoTime();
    TaskStatus waiting = refundWaitingForApproval(taskId);
    Path looser =
        variant(
            "no-email-approval",
            "email.cedar",
            // every approval rule of the email file: none of them applies any more
            "unless { context.approvals.contains(\"support_lead\") };",
            "unless { true };");
    String looserId =
        JSON.readTree(load("pat.admin", looser.toString(), "active").body())
            .path("bundleId")
            .asText();

    TaskStatus next =
        approveUntil(
            taskId,
            s ->
                s.pendingApproval() != null
                    && s.pendingApproval().call().tool().equals("send_customer_email"),
            new ArrayList<>());

    // The looser active bundle would allow the email; the pinned one still asks a lead.
    assertThat(next.state()).isEqualTo(TaskState.WAITING_APPROVAL);
    assertThat(next.pendingApproval().call().tool()).isEqualTo("send_customer_email");
    JsonNode verdict =
        events(taskId, AuditFact.VerdictRecorded.TYPE)
            .get(events(taskId, AuditFact.VerdictRecorded.TYPE).size() - 1);
    assertThat(verdict.path("outcome").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(verdict.path("pinnedOutcome").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(verdict.path("activeOutcome").asText()).isEqualTo("ALLOW");
    assertThat(verdict.path("activeBundleHash").asText()).isEqualTo(looserId);
    stack.tasks().cancel(taskId, "test done");
  }

  @Test
  void should_list_exactly_the_affected_decisions_when_a_candidate_tightens_the_refund_limit()
      throws Exception {
    HttpResponse<String> shadow = load("pat.admin", lowerRefundLimit().toString(), "shadow");
    assertThat(shadow.statusCode()).as(shadow.body()).isEqualTo(201);
    String candidate = JSON.readTree(shadow.body()).path("bundleId").asText();
    String runId = "shadow" + System.nanoTime();
    double disagreedBefore = shadowVerdicts("issue_refund", "disagree");
    double agreedBefore = shadowVerdicts("issue_refund", "agree");

    List<DemoRunner.DemoResult> results =
        new DemoRunner(
                stack.tasks(),
                stack.bean(AuditLedger.class),
                new PrintWriter(OutputStream.nullOutputStream()))
            .run(DemoTicket.all(), runId);
    HttpResponse<String> drift = get("dana.lead", "/api/policy/drift?bundle=" + candidate);
    stack.bean(BundleRegistry.class).stopShadow();

    assertThat(results).allMatch(DemoRunner.DemoResult::asExpected);
    assertThat(drift.statusCode()).as(drift.body()).isEqualTo(200);
    List<String> affected = new ArrayList<>();
    for (JsonNode d : JSON.readTree(drift.body()).path("disagreements")) {
      if (d.path("taskId").asText().contains(runId)) {
        affected.add(
            d.path("taskId").asText().replace("demo-" + runId + "-", "")
                + " "
                + d.path("tool").asText()
                + " "
                + d.path("activeOutcome").asText()
                + "->"
                + d.path("shadowOutcome").asText());
      }
    }
    // The $250 refund: REQUIRE_APPROVAL, then ALLOW once approved; the candidate denies both.
    // The $900 refund is denied by both, the small refunds allowed by both: no drift.
    assertThat(affected)
        .containsExactly(
            "large-refund issue_refund REQUIRE_APPROVAL->DENY",
            "large-refund issue_refund ALLOW->DENY");
    // The drift indicator: the two disagreements above, and the small refunds both allowed.
    assertThat(shadowVerdicts("issue_refund", "disagree") - disagreedBefore).isEqualTo(2.0);
    assertThat(shadowVerdicts("issue_refund", "agree") - agreedBefore).isPositive();
    assertThat(get("sam.agent", "/api/policy/drift").statusCode()).isEqualTo(403);
  }

  @Test
  void should_load_bundles_and_print_the_drift_report_through_the_cli() throws Exception {
    String api = "http://127.0.0.1:" + stack.httpPort;
    Path broken =
        variant(
            "broken-cli",
            "orders.cedar",
            "context.input.amountCents <= 50000",
            "context.input.amountCents <= \"50000\"");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int refused =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "policy",
            "load",
            broken.toString(),
            "--api",
            api,
            "--token",
            stack.token("pat.admin"));
    int shadowed =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "policy",
            "load",
            lowerRefundLimit().toString(),
            "--shadow",
            "--api",
            api,
            "--token",
            stack.token("pat.admin"));
    int notAllowed =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "policy",
            "load",
            lowerRefundLimit().toString(),
            "--api",
            api,
            "--token",
            stack.token("sam.agent"));
    int drift =
        CharterCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "policy",
            "drift",
            "--api",
            api,
            "--token",
            stack.token("dana.lead"));
    stack.bean(BundleRegistry.class).stopShadow();

    assertThat(refused).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 400", "orders.cedar:8");
    assertThat(shadowed).isZero();
    assertThat(out.toString()).contains("shadow: bundle `support-desk`");
    assertThat(notAllowed).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 403", "sam.agent");
    assertThat(drift).isZero();
    assertThat(out.toString()).contains("disagreements; active " + demoId);
    assertThat(stack.bean(BundleRegistry.class).active().bundle().id()).isEqualTo(demoId);
  }

  /** The policy shadow drift counter of {@code action} with {@code result}; 0 before any. */
  private static double shadowVerdicts(String action, String result) {
    var counter =
        stack
            .bean(io.micrometer.core.instrument.MeterRegistry.class)
            .find(dev.charter.worker.telemetry.GovernanceMetrics.POLICY_SHADOW)
            .tag("action", action)
            .tag("result", result)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  static HttpResponse<String> post(String user, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header("Authorization", stack.bearer(user));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_authorize_humans_on_the_rest_api_with_cedar() throws Exception {
    String taskId = "rest-human-" + System.nanoTime();
    String task =
        JSON.writeValueAsString(
            new TaskRequest(
                taskId,
                "support-agent",
                "Resolve the customer's support ticket",
                List.of(
                    new TaskInput(
                        "ticket",
                        "customer_email",
                        "Please refund 250 dollars of order 1004.",
                        Map.of("orderId", "1004", "customerId", "c-103", "amountCents", "25000"))),
                "test",
                null,
                null));

    assertThat(post(null, "/api/tasks", task).statusCode()).isEqualTo(401);
    HttpResponse<String> otherTenant = post("olga.other", "/api/tasks", task);
    assertThat(otherTenant.statusCode()).isEqualTo(403);
    assertThat(otherTenant.body()).contains("olga.other", "start_task");
    assertThat(stack.bean(AccessChain.class).refusals())
        .anySatisfy(
            r -> {
              assertThat(r.route()).isEqualTo("/api/tasks");
              assertThat(r.principal()).isEqualTo("olga.other");
              assertThat(r.action()).isEqualTo("start_task");
              assertThat(r.status()).isEqualTo(403);
            });
    assertThat(post("sam.agent", "/api/tasks", task).statusCode()).isEqualTo(201);
    TaskStatus waiting = stack.awaitApproval(taskId);
    String approval =
        JSON.writeValueAsString(
            new ApprovalRequest(
                waiting.pendingApproval().approvalId(), "dana.lead", "support_lead", "ok"));

    // Answering in someone else's name, or approving from another tenant, is refused.
    assertThat(post("sam.agent", "/api/tasks/" + taskId + "/approve", approval).statusCode())
        .isEqualTo(403);
    HttpResponse<String> olga =
        post(
            "olga.other",
            "/api/tasks/" + taskId + "/approve",
            JSON.writeValueAsString(
                new ApprovalRequest(
                    waiting.pendingApproval().approvalId(), "olga.other", "support_lead", "ok")));
    assertThat(olga.statusCode()).isEqualTo(403);
    assertThat(stack.tasks().status(taskId).state()).isEqualTo(TaskState.WAITING_APPROVAL);
    assertThat(get("sam.agent", "/api/tasks/" + taskId + "/audit").statusCode()).isEqualTo(403);
    assertThat(get("dana.lead", "/api/tasks/" + taskId + "/audit").statusCode()).isEqualTo(200);
    assertThat(post("dana.lead", "/api/tasks/" + taskId + "/reject", approval).statusCode())
        .isEqualTo(200);
  }

  @Test
  void should_move_the_pin_to_the_active_bundle_at_the_next_step_when_the_profile_asks()
      throws Exception {
    String taskId = "forward-" + System.nanoTime();
    TaskStatus waiting = refundWaitingForApproval(taskId, "forward-agent");
    assertThat(waiting.pin().pinForward()).isTrue();
    Path unrelated =
        variant(
            "unrelated-forward",
            "bundle.json",
            "\"name\": \"support-desk\"",
            "\"name\": \"support-desk-forward\"");
    String newId =
        JSON.readTree(load("pat.admin", unrelated.toString(), "active").body())
            .path("bundleId")
            .asText();

    TaskStatus done = approveUntil(taskId, s -> false, new ArrayList<>());

    assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(done.pin().bundleHash()).isEqualTo(newId);
    List<JsonNode> moved = events(taskId, AuditFact.TaskPinMoved.TYPE);
    assertThat(moved).hasSize(1);
    assertThat(moved.get(0).path("fromBundleHash").asText()).isEqualTo(demoId);
    assertThat(moved.get(0).path("toBundleHash").asText()).isEqualTo(newId);
    List<JsonNode> verdicts = events(taskId, AuditFact.VerdictRecorded.TYPE);
    // Verdicts of step 2 (before the boundary) carry the old pin, those after it the new one.
    assertThat(verdicts.get(0).path("pinnedBundleHash").asText()).isEqualTo(demoId);
    assertThat(verdicts.get(verdicts.size() - 1).path("pinnedBundleHash").asText())
        .isEqualTo(newId);
  }
}
