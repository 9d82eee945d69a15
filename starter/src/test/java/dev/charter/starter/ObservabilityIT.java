package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.demo.DemoTicket;
import dev.charter.worker.TaskWorker;
import dev.charter.workflow.TaskSearchAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributes;
import io.temporal.worker.WorkerFactory;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Traces, metrics, search attributes and health of a real embedded stack, and what they must never
 * contain.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {

  private static final List<String> STAGES =
      List.of(
          "charter.perceive",
          "charter.route",
          "charter.infer",
          "charter.authorize",
          "charter.act",
          "charter.record");

  @TempDir Path data;

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  private TestStack start() {
    return TestStack.embedded(
        data,
        Map.of(),
        context -> context.getBeanFactory().registerSingleton("testSpanExporter", spans));
  }

  @Test
  void should_trace_one_task_through_every_stage_of_two_steps_without_duplicates_on_replay()
      throws Exception {
    try (TestStack stack = start()) {
      DemoTicket largeRefund =
          DemoTicket.all().stream().filter(t -> t.name().equals("large-refund")).findFirst().get();
      String taskId = stack.tasks().start(largeRefund.request("trace")).taskId();
      TaskStatus waiting = stack.awaitApproval(taskId);
      // The approval request reaches the ledger after the status shows the wait.
      TestStack.await(
          spans::getFinishedSpanItems,
          list ->
              named(list, "charter.record").stream()
                  .anyMatch(
                      s ->
                          s.getAttributes()
                              .get(AttributeKey.stringArrayKey("charter.ledger.event_types"))
                              .contains(AuditFact.ApprovalRequested.TYPE)),
          Duration.ofSeconds(10));
      int spansBeforeReplay = spans.getFinishedSpanItems().size();

      // Search attributes while the task waits for a human.
      SearchAttributes attributes =
          TestStack.await(
              () -> searchAttributes(stack, taskId),
              sa -> Boolean.TRUE.equals(sa.get(TaskSearchAttributes.PENDING_APPROVAL)),
              Duration.ofSeconds(10));
      assertThat(attributes.get(TaskSearchAttributes.RISK_TIER)).isEqualTo("MEDIUM");
      assertThat(attributes.get(TaskSearchAttributes.TENANT)).isEqualTo("acme-shop");
      assertThat(attributes.get(TaskSearchAttributes.BUNDLE_ID))
          .isEqualTo(waiting.pin().bundleHash());
      assertThat(attributes.get(TaskSearchAttributes.BACKEND)).containsExactly("in-process-intent");
      assertThat(attributes.get(TaskSearchAttributes.STATE)).isEqualTo("WAITING_APPROVAL");

      // Metrics while the task waits for a human.
      String waitingScrape = get(stack, "/actuator/prometheus");
      assertThat(waitingScrape).contains("charter_approvals_waiting{application=\"charter\"} 1.0");
      assertThat(waitingScrape).contains("charter_approvals_oldest_age_seconds");

      // Drop the worker's workflow cache: the next workflow task replays the whole history.
      dropWorkflowCache(stack);
      assertThat(stack.tasks().status(taskId).state()).isEqualTo(TaskState.WAITING_APPROVAL);
      assertThat(spans.getFinishedSpanItems()).hasSize(spansBeforeReplay);

      TaskStatus done = approveUntilEnd(stack, taskId);
      assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
      assertThat(done.stepsUsed()).isGreaterThanOrEqualTo(2);

      List<SpanData> all = spans.getFinishedSpanItems();
      // One trace, from the client's start call to the last ledger append.
      assertThat(all.stream().map(SpanData::getTraceId).distinct()).hasSize(1);
      SpanData client = single(all, "charter.task.start");
      SpanData task = single(all, "charter.task");
      assertThat(task.getParentSpanId()).isEqualTo(client.getSpanContext().getSpanId());
      assertThat(task.getAttributes().get(AttributeKey.stringKey("charter.task.state")))
          .isEqualTo("COMPLETED");
      assertThat(task.getAttributes().get(AttributeKey.stringKey("charter.bundle_id")))
          .isEqualTo(done.pin().bundleHash());
      single(all, "charter.pin");

      // Exactly one step span per step, although step 1 ended before the replay.
      List<SpanData> steps = named(all, "charter.step");
      assertThat(steps.stream().map(s -> s.getAttributes().get(STEP)).toList())
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.LongStream.rangeClosed(1, done.stepsUsed()).boxed().toList());
      steps.forEach(s -> assertThat(s.getParentSpanId()).isEqualTo(task.getSpanId()));

      for (long step = 1; step <= 2; step++) {
        SpanData stepSpan = stepSpan(steps, step);
        for (String stage : STAGES) {
          long n = step;
          List<SpanData> stageSpans =
              all.stream()
                  .filter(s -> s.getName().equals(stage) && Long.valueOf(n).equals(attr(s, STEP)))
                  .toList();
          assertThat(stageSpans).as(stage + " of step " + step).isNotEmpty();
          stageSpans.forEach(
              s ->
                  assertThat(s.getParentSpanId())
                      .as(stage + " parent")
                      .isEqualTo(stepSpan.getSpanId()));
        }
      }
      List<SpanData> infers = named(all, "charter.infer");
      assertThat(infers)
          .allSatisfy(
              s -> {
                assertThat(attr(s, "gen_ai.system")).isEqualTo("charter");
                assertThat(attr(s, "gen_ai.request.model")).isEqualTo("charter-intent");
                assertThat(s.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                    .isPositive();
                assertThat(
                        s.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
                    .isNotNull();
                assertThat(s.getAttributes().get(AttributeKey.doubleKey("charter.cost.usd")))
                    .isNotNull();
                assertThat(attr(s, "charter.backend")).isEqualTo("in-process-intent");
                assertThat(s.getAttributes().get(AttributeKey.booleanKey("charter.fallback")))
                    .isFalse();
              });
      List<SpanData> verdicts = named(all, "charter.authorize");
      assertThat(verdicts.stream().map(s -> attr(s, "charter.verdict")).collect(Collectors.toSet()))
          .contains("ALLOW", "REQUIRE_APPROVAL");
      assertThat(verdicts)
          .anySatisfy(
              s ->
                  assertThat(
                          s.getAttributes().get(AttributeKey.stringArrayKey("charter.policy_ids")))
                      .contains("refund-needs-lead-approval"));
      assertThat(verdicts)
          .allSatisfy(
              s -> assertThat(attr(s, "charter.bundle_id")).isEqualTo(done.pin().bundleHash()));
      assertThat(named(all, "charter.perceive"))
          .allSatisfy(s -> assertThat(attr(s, "charter.labels.classification")).isNotBlank());

      // The ended task replays in full on the next query: still no new span.
      int spansAtEnd = all.size();
      dropWorkflowCache(stack);
      assertThat(stack.tasks().status(taskId).state()).isEqualTo(TaskState.COMPLETED);
      assertThat(spans.getFinishedSpanItems()).hasSize(spansAtEnd);

      SearchAttributes ended = searchAttributes(stack, taskId);
      assertThat(ended.get(TaskSearchAttributes.PENDING_APPROVAL)).isFalse();
      assertThat(ended.get(TaskSearchAttributes.STATE)).isEqualTo("COMPLETED");

      // Temporal's SDK metrics reach the registry on the tally scope's 1 s report cycle.
      String scrape =
          TestStack.await(
              () -> get(stack, "/actuator/prometheus"),
              body -> body.contains("temporal_workflow_completed_total"),
              Duration.ofSeconds(10));
      assertThat(scrape)
          .contains(
              "charter_verdicts_total{application=\"charter\",outcome=\"REQUIRE_APPROVAL\","
                  + "policy=\"refund-needs-lead-approval\",stage=\"authorize\"}",
              "charter_model_latency_seconds_bucket{application=\"charter\","
                  + "backend=\"in-process-intent\"",
              "charter_model_fallbacks_total{application=\"charter\",backend=\"in-process-intent\"}",
              "charter_budget_stops_total{application=\"charter\",budget=\"steps\"}",
              "charter_ledger_write_seconds_count",
              "charter_approvals_waiting{application=\"charter\"} 0.0",
              "charter_tasks_ended_total{application=\"charter\",state=\"COMPLETED\"} 1.0",
              "temporal_request_total",
              "temporal_activity_execution_latency_seconds_count{activity_type=\"Decide\"");

      String health = get(stack, "/actuator/health");
      assertThat(health)
          .contains(
              "\"temporal\":{\"status\":\"UP\"",
              "\"ledgerDb\":{\"status\":\"UP\"",
              "\"shopDb\":{\"status\":\"UP\"",
              "\"in-process-intent\":{\"status\":\"UP\"");
    }
  }

  @Test
  void should_keep_planted_pii_and_secrets_out_of_spans_logs_and_ledger(CapturedOutput output)
      throws Exception {
    Set<String> planted =
        Set.of(
            "zoe.planted@example.org",
            "+44 20 7946 0123",
            "4111 1111 1111 1111",
            "DE89 3704 0044 0532 0130 00",
            "sk-live-PLANTED-9f8e7d6c5b4a");
    try (TestStack stack = start()) {
      String text =
          "Hi, Zoe here (zoe.planted@example.org, +44 20 7946 0123). Please refund the 250"
              + " dollars for order 1003, the item never worked. Card 4111 1111 1111 1111, IBAN"
              + " DE89 3704 0044 0532 0130 00. My shop API key is sk-live-PLANTED-9f8e7d6c5b4a.";
      TaskRequest request =
          new TaskRequest(
              "pii-scan",
              "support-agent",
              "Resolve the customer's support ticket",
              List.of(
                  new TaskInput(
                      "ticket",
                      "customer_email",
                      text,
                      Map.of("orderId", "1003", "customerId", "c-102", "amountCents", "25000"))),
              "demo",
              null,
              null);
      String taskId = stack.tasks().start(request).taskId();
      TaskStatus done = approveUntilEnd(stack, taskId);
      assertThat(done.state()).isEqualTo(TaskState.COMPLETED);

      List<SpanData> all = spans.getFinishedSpanItems();
      assertThat(all).isNotEmpty();
      List<String> spanText = all.stream().map(SpanData::toString).toList();
      AuditLedger ledger = stack.bean(AuditLedger.class);
      List<String> ledgerText =
          ledger.events(taskId).stream().map(LedgerEntry::payloadJson).toList();
      assertThat(ledgerText).isNotEmpty();
      String logs = output.getAll();
      assertThat(logs).contains("taskId=" + taskId);
      for (String value : planted) {
        assertThat(spanText).as("spans").noneMatch(s -> s.contains(value));
        assertThat(ledgerText).as("ledger").noneMatch(s -> s.contains(value));
        assertThat(logs).as("logs").doesNotContain(value);
      }
      // The values did reach the task: perception saw the PII kinds it redacted.
      assertThat(
              named(all, "charter.perceive").stream()
                  .flatMap(
                      s ->
                          s
                              .getAttributes()
                              .get(AttributeKey.stringArrayKey("charter.labels.pii_kinds"))
                              .stream())
                  .collect(Collectors.toSet()))
          .contains("email", "phone");
    }
  }

  private static final AttributeKey<Long> STEP = AttributeKey.longKey("charter.step");

  private static TaskStatus approveUntilEnd(TestStack stack, String taskId) {
    for (int answers = 0; answers < 5; answers++) {
      TaskStatus status =
          stack.awaitStatus(
              taskId, s -> s.state() == TaskState.WAITING_APPROVAL || s.state().isFinal());
      if (status.state().isFinal()) {
        // The state is final before the last ledger append: wait for the workflow's end.
        return stack.tasks().result(taskId);
      }
      stack
          .tasks()
          .approve(
              taskId,
              new ApprovalRequest(
                  status.pendingApproval().approvalId(), "dana.lead", null, "checked"));
    }
    return stack.tasks().result(taskId);
  }

  /** The same as an eviction under memory pressure: every cached workflow must replay. */
  private static void dropWorkflowCache(TestStack stack) throws Exception {
    WorkerFactory factory = stack.bean(TaskWorker.class).factory();
    Method getCache = WorkerFactory.class.getDeclaredMethod("getCache");
    getCache.setAccessible(true);
    Object cache = getCache.invoke(factory);
    cache.getClass().getMethod("invalidateAll").invoke(cache);
  }

  private static SearchAttributes searchAttributes(TestStack stack, String taskId) {
    return stack
        .bean(WorkflowClient.class)
        .newUntypedWorkflowStub(taskId)
        .describe()
        .getTypedSearchAttributes();
  }

  private static String get(TestStack stack, String path) {
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
                      .header("Authorization", stack.bearer("dana.lead"))
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static List<SpanData> named(List<SpanData> all, String name) {
    return all.stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static SpanData single(List<SpanData> all, String name) {
    List<SpanData> found = named(all, name);
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static SpanData stepSpan(List<SpanData> steps, long step) {
    Predicate<SpanData> isStep = s -> Long.valueOf(step).equals(attr(s, STEP));
    return steps.stream().filter(isStep).findFirst().orElseThrow();
  }

  private static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }
}
