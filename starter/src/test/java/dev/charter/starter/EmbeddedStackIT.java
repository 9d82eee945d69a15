package dev.charter.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.authorization.ApprovalTokenIssuer;
import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.Outcome;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.codec.RemoteCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.RawValue;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack as a user meets it: a separate gRPC client on 127.0.0.1, payloads encoded
 * exactly as the Temporal CLI sends them, the REST API for bad input.
 */
class EmbeddedStackIT {

  @TempDir static Path data;
  static TestStack stack;
  static WorkflowServiceStubs stubs;
  static WorkflowClient client;

  @BeforeAll
  static void start() {
    stack = TestStack.embedded(data, Map.of());
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + stack.temporalPort)
                .build());
    // As `temporal ... --codec-endpoint http://127.0.0.1:<port>/codec
    // --codec-auth "Bearer $CHARTER_TOKEN"`: results are encrypted, the codec server decodes them.
    client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setDataConverter(
                    RemoteCodec.converter(
                        "http://127.0.0.1:" + stack.httpPort + "/codec",
                        Map.of("Authorization", stack.bearer("dana.lead"))))
                .build());
  }

  @AfterAll
  static void stop() {
    stubs.shutdownNow();
    stack.close();
  }

  /** What `temporal workflow start --type AgentTask --input '<json>'` sends. */
  private static void startAsTemporalCli(String workflowId, String json) {
    Payload input =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
            .build();
    stubs
        .blockingStub()
        .startWorkflowExecution(
            StartWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setWorkflowId(workflowId)
                .setWorkflowType(WorkflowType.newBuilder().setName("AgentTask"))
                .setTaskQueue(TaskQueue.newBuilder().setName("charter-agent-tasks"))
                .setInput(Payloads.newBuilder().addPayloads(input))
                .setRequestId(UUID.randomUUID().toString())
                .setIdentity("temporal-cli")
                .build());
  }

  private static String refundTicket(String taskId, String order, String customer, int cents) {
    return """
        {"taskId":"%s","profile":"support-agent","goal":"Resolve the ticket",
         "inputs":[{"name":"ticket","source":"customer_email",
           "content":"Please refund order %s, the item never worked.",
           "fields":{"orderId":"%s","customerId":"%s","amountCents":"%d"}}],
         "requestedBy":"it"}
        """
        .formatted(taskId, order, order, customer, cents);
  }

  @Test
  void should_run_a_task_started_updated_and_queried_as_the_temporal_cli_does() {
    String taskId = "cli-" + UUID.randomUUID();
    startAsTemporalCli(taskId, refundTicket(taskId, "1003", "c-102", 25000));

    TaskStatus waiting = stack.awaitApproval(taskId);
    assertThat(waiting.pendingApproval().call().tool()).isEqualTo("issue_refund");
    assertThat(waiting.pendingApproval().requiredRoles()).containsExactly("support_lead");

    WorkflowStub untyped = client.newUntypedWorkflowStub(taskId);
    String answer =
        untyped.update(
            "approve",
            String.class,
            new ApprovalRequest(
                waiting.pendingApproval().approvalId(),
                "dana.lead",
                "support_lead",
                "checked",
                token("dana.lead", taskId)));
    assertThat(answer).startsWith("approved");

    // The confirmation email carries customer data: a second approval.
    TaskStatus secondWait =
        stack.awaitStatus(
            taskId,
            s ->
                s.state() == TaskState.WAITING_APPROVAL
                    && s.pendingApproval().call().tool().equals("send_customer_email"));
    untyped.update(
        "approve",
        String.class,
        new ApprovalRequest(
            secondWait.pendingApproval().approvalId(),
            "dana.lead",
            null,
            "ok",
            token("dana.lead", taskId)));

    TaskStatus done = untyped.getResult(TaskStatus.class);
    assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
    TaskStatus queried = untyped.query("status", TaskStatus.class);
    assertThat(queried.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(queried.path())
        .extracting(r -> r.tool() + ":" + r.outcome())
        .containsExactly(
            "lookup_order:ALLOW",
            "issue_refund:REQUIRE_APPROVAL",
            "send_customer_email:REQUIRE_APPROVAL",
            "null:null");
    assertThat(stack.tasks().ledger().verify(taskId).valid()).isTrue();
  }

  @Test
  void should_refuse_an_unauthorized_approver_before_the_update_enters_history() {
    String taskId = "unauth-" + UUID.randomUUID();
    startAsTemporalCli(taskId, refundTicket(taskId, "1001", "c-100", 12000));
    TaskStatus waiting = stack.awaitApproval(taskId);
    String approvalId = waiting.pendingApproval().approvalId();

    // sam.agent holds support_agent only; olga.other is a lead of another tenant.
    for (String human : new String[] {"sam.agent", "olga.other", "nobody"}) {
      assertThatThrownBy(
              () ->
                  client
                      .newUntypedWorkflowStub(taskId)
                      .update(
                          "approve",
                          String.class,
                          new ApprovalRequest(
                              approvalId, human, "support_lead", "let me", token(human, taskId))))
          .isInstanceOf(WorkflowUpdateException.class);
    }
    assertThat(client.fetchHistory(taskId).getEvents().stream().map(e -> e.getEventType()).toList())
        .doesNotContain(
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    assertThat(stack.tasks().status(taskId).state()).isEqualTo(TaskState.WAITING_APPROVAL);

    stack
        .tasks()
        .reject(taskId, new ApprovalRequest(approvalId, "dana.lead", null, "not justified"));
    TaskStatus ended = stack.tasks().result(taskId);
    assertThat(ended.state()).isEqualTo(TaskState.REJECTED);
    assertThat(ended.path()).extracting(r -> r.outcome()).contains(Outcome.REQUIRE_APPROVAL);
  }

  /** What `temporal workflow update execute --name approve --input '<json>'` sends. */
  private static String updateAsTemporalCli(String taskId, String json) {
    // the CLI's json/plain payload, through the codec server as `--codec-endpoint` sends it (the
    // validator's refusal comes back encoded, the codec decodes it)
    return client
        .newUntypedWorkflowStub(taskId)
        .update(
            "approve",
            String.class,
            new RawValue(
                Payload.newBuilder()
                    .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                    .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
                    .build()));
  }

  private static String answerJson(String approvalId, String token) {
    return token == null
        ? "{\"approvalId\":\"%s\",\"approver\":\"dana.lead\"}".formatted(approvalId)
        : "{\"approvalId\":\"%s\",\"token\":\"%s\"}".formatted(approvalId, token);
  }

  private static void assertRefused(String taskId, String approvalId, String token, String why) {
    assertThatThrownBy(() -> updateAsTemporalCli(taskId, answerJson(approvalId, token)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining(why);
  }

  @Test
  void should_accept_a_cli_approval_over_grpc_once_and_only_with_a_valid_token() throws Exception {
    String taskId = "token-" + UUID.randomUUID();
    startAsTemporalCli(taskId, refundTicket(taskId, "1004", "c-103", 20000));
    PendingApproval pending = stack.awaitApproval(taskId).pendingApproval();
    String approvalId = pending.approvalId();
    LedgerSigningKey key = stack.bean(LedgerSigningKey.class);
    List<String> lead = List.of("support_lead");

    // a name proves nothing
    assertRefused(taskId, approvalId, null, "needs a signed approval `token`");
    // signed by a key the worker does not trust
    assertRefused(
        taskId,
        approvalId,
        new ApprovalTokenIssuer(LedgerSigningKey.generate()).issue("dana.lead", lead, pending),
        "signature does not verify");
    // bound to another approval, or other arguments
    PendingApproval other =
        new PendingApproval(
            taskId + "/9/0",
            pending.tenant(),
            pending.call(),
            pending.argumentsSha256(),
            pending.requiredRoles(),
            pending.verdict());
    assertRefused(
        taskId,
        approvalId,
        new ApprovalTokenIssuer(key).issue("dana.lead", lead, other),
        "it is for approval");
    PendingApproval otherArguments =
        new PendingApproval(
            approvalId,
            pending.tenant(),
            pending.call(),
            "00" + pending.argumentsSha256().substring(2),
            pending.requiredRoles(),
            pending.verdict());
    assertRefused(
        taskId,
        approvalId,
        new ApprovalTokenIssuer(key).issue("dana.lead", lead, otherArguments),
        "it binds argument hash");
    // expired
    Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    assertRefused(
        taskId,
        approvalId,
        new ApprovalTokenIssuer(key, Duration.ofMinutes(5), anHourAgo)
            .issue("dana.lead", lead, pending),
        "expired");
    // the task's requester
    assertRefused(
        taskId,
        approvalId,
        (String) stack.tasks().approvalToken("it", taskId, approvalId).get("token"),
        "may not answer its approvals");
    assertThat(client.fetchHistory(taskId).getEvents().stream().map(e -> e.getEventType()).toList())
        .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);

    // a valid token, as the REST API issues it to dana.lead: accepted once
    HttpResponse<String> issued =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + stack.httpPort
                                + "/api/tasks/"
                                + taskId
                                + "/approval-token"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", stack.bearer("dana.lead"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(issued.statusCode()).isEqualTo(200);
    String token =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(issued.body())
            .get("token")
            .asText();
    assertThat(updateAsTemporalCli(taskId, answerJson(approvalId, token))).startsWith("approved");
    assertRefused(taskId, approvalId, token, approvalId);
    assertThat(
            client.fetchHistory(taskId).getEvents().stream()
                .filter(
                    e ->
                        e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                .count())
        .isEqualTo(1);

    stack.tasks().cancel(taskId, "test over");
    stack.tasks().result(taskId);
  }

  @Test
  void should_answer_malformed_json_with_400_naming_the_problem_and_start_nothing()
      throws Exception {
    HttpResponse<String> response = post("/api/tasks", "{\"taskId\":\"bad-1\", \"profile\": ");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("malformed JSON").contains("line 1");
    assertThat(taskExists("bad-1")).isFalse();
  }

  @Test
  void should_answer_unknown_profile_with_400_naming_it_and_start_nothing() throws Exception {
    HttpResponse<String> response =
        post(
            "/api/tasks",
            """
            {"taskId":"bad-2","profile":"refund-bot","goal":"x",
             "inputs":[{"name":"t","source":"customer_email","content":"hi"}]}
            """);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("unknown profile `refund-bot`").contains("support-agent");
    assertThat(taskExists("bad-2")).isFalse();
  }

  @Test
  void should_answer_an_unauthorized_approval_over_rest_with_403() throws Exception {
    String taskId = "rest-" + UUID.randomUUID();
    // Another order than the CLI test's, which may have refunded 1003 in full already.
    HttpResponse<String> started = post("/api/tasks", refundTicket(taskId, "1004", "c-103", 15000));
    assertThat(started.statusCode()).isEqualTo(201);
    TaskStatus waiting = stack.awaitApproval(taskId);
    HttpResponse<String> refused =
        post(
            "/api/tasks/" + taskId + "/approve",
            """
            {"approvalId":"%s","approver":"sam.agent","role":"support_lead"}
            """
                .formatted(waiting.pendingApproval().approvalId()));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("sam.agent");
    stack.tasks().cancel(taskId, "test over");
    assertThat(stack.tasks().result(taskId).state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void should_tell_each_human_whether_they_may_answer_the_pending_approval() throws Exception {
    String byLead = "standing-lead-" + UUID.randomUUID();
    String byAgent = "standing-agent-" + UUID.randomUUID();
    assertThat(send("POST", "/api/tasks", refundTicket(byLead, "1002", "c-101", 4900), "dana.lead"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(201);
    assertThat(
            send("POST", "/api/tasks", refundTicket(byAgent, "1005", "c-104", 3000), "sam.agent"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(201);
    String approvalId = stack.awaitApproval(byAgent).pendingApproval().approvalId();
    stack.awaitApproval(byLead);

    // the lead may answer the agent's refund, in the role it needs
    assertThat(standing(byAgent, "dana.lead"))
        .contains("\"mayAnswer\":true", "\"role\":\"support_lead\"", approvalId);
    // not their own (four eyes)
    assertThat(standing(byLead, "dana.lead"))
        .contains("\"mayAnswer\":false", "asked for task `" + byLead + "`");
    // an agent may not answer approvals at all; a privacy officer not one that needs a lead
    assertThat(standing(byAgent, "sam.agent")).contains("\"mayAnswer\":false", "answer_approval");
    assertThat(standing(byAgent, "priya.privacy"))
        .contains("\"mayAnswer\":false", "requires one of [support_lead]");
    // a lead of another tenant may not even read the task
    assertThat(send("GET", "/api/tasks/" + byAgent + "/approval", null, "olga.other").statusCode())
        .isEqualTo(403);
    for (String taskId : List.of(byLead, byAgent)) {
      stack.tasks().cancel(taskId, "test over");
      assertThat(stack.tasks().result(taskId).state()).isEqualTo(TaskState.CANCELLED);
    }
  }

  private static String standing(String taskId, String human) throws Exception {
    HttpResponse<String> answer = send("GET", "/api/tasks/" + taskId + "/approval", null, human);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  private static HttpResponse<String> send(String method, String path, String body, String human)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
                .header("Content-Type", "application/json")
                .header("Authorization", stack.bearer(human))
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** A valid approval token of {@code human} for the task's pending approval. */
  private static String token(String human, String taskId) {
    return (String) stack.tasks().approvalToken(human, taskId, null).get("token");
  }

  private static boolean taskExists(String taskId) {
    try {
      client.newUntypedWorkflowStub(taskId).describe();
      return true;
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      return false;
    }
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort + path))
                .header("Content-Type", "application/json")
                // A support agent: Cedar lets them start tasks, not approve refunds.
                .header("Authorization", stack.bearer("sam.agent"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
