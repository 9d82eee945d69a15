package dev.charter.workflow;

import static dev.charter.workflow.SupportDesk.EMAIL_C17;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.answer;
import static dev.charter.workflow.SupportDesk.propose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolAuthorizationRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.RawValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the Temporal CLI sends: {@code --input '<json>'} arrives as one payload with metadata {@code
 * encoding=json/plain} and the raw JSON bytes. The CLI cannot be installed here, so the test builds
 * exactly those payloads and drives the task through untyped stubs.
 */
class CliPayloadTest {

  private static final String TICKET_JSON =
      """
      {"taskId":"%s","profile":"support-agent","goal":"Refund order 1002",
       "inputs":[{"name":"ticket","source":"customer_email",
                  "content":"Order 1002 arrived broken.","fields":{"orderId":"1002"}}],
       "requestedBy":"ops@acme.example"}""";

  private final GovernedLoop loop = new GovernedLoop();

  @AfterEach
  void close() {
    loop.close();
  }

  private static RawValue cliJson(String json) {
    return new RawValue(
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFromUtf8(json))
            .build());
  }

  private WorkflowStub startFromCli(String taskId) {
    WorkflowStub stub =
        loop.client.newUntypedWorkflowStub(
            AgentTaskWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(taskId)
                .setTaskQueue(TaskQueues.AGENT_TASKS)
                .build());
    stub.start(cliJson(TICKET_JSON.formatted(taskId)));
    return stub;
  }

  @Test
  void should_start_task_and_answer_status_query_when_input_is_cli_json_payload() {
    when(loop.inference.decide(any())).thenReturn(answer("Order 1002 refunded."));

    WorkflowStub stub = startFromCli("task-cli");
    stub.getResult(TaskStatus.class);
    TaskStatus status = stub.query("status", TaskStatus.class);
    RawValue statusJson = stub.query("status", RawValue.class);

    verify(loop.setup)
        .pin(
            new TaskRequest(
                "task-cli",
                "support-agent",
                "Refund order 1002",
                List.of(
                    new TaskInput(
                        "ticket",
                        "customer_email",
                        "Order 1002 arrived broken.",
                        Map.of("orderId", "1002"))),
                "ops@acme.example",
                null,
                null));
    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.finalAnswer()).isEqualTo("Order 1002 refunded.");
    assertThat(statusJson.getPayload().getMetadataMap().get("encoding").toStringUtf8())
        .isEqualTo("json/plain");
    assertThat(statusJson.getPayload().getData().toString(StandardCharsets.UTF_8))
        .contains("\"taskId\":\"task-cli\"", "\"state\":\"COMPLETED\"");
  }

  @Test
  void should_accept_a_cli_approval_once_only_with_a_valid_token() {
    when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17), answer("Customer told."));
    when(loop.authorization.authorizeTool(any()))
        .thenAnswer(
            call ->
                call.<ToolAuthorizationRequest>getArgument(0).approvals().isEmpty()
                    ? PolicyVerdict.builder(Outcome.REQUIRE_APPROVAL, SupportDesk.BUNDLE_HASH)
                        .determiningPolicies(List.of("forbid-email-without-approval"))
                        .requiredRoles(List.of(SupportDesk.APPROVER_ROLE))
                        .evaluationMicros(40)
                        .pinned(SupportDesk.BUNDLE_HASH, Outcome.REQUIRE_APPROVAL)
                        .active(SupportDesk.BUNDLE_HASH, Outcome.REQUIRE_APPROVAL)
                        .build()
                    : allow("permit-email-with-approval"));
    WorkflowStub stub = startFromCli("task-cli-approve");
    loop.ledger.awaitEvent(AuditFact.ApprovalRequested.TYPE);
    String approvalId = "task-cli-approve/1/0";
    String args = EMAIL_C17.argumentsSha256();
    String bundle = SupportDesk.BUNDLE_HASH;
    List<String> roles = List.of(SupportDesk.APPROVER_ROLE);
    long now = loop.env.currentTimeMillis() / 1000;

    // a name proves nothing
    assertRefused(stub, cliAnswer(approvalId, null), "needs a signed approval `token`");
    // signed by a key the worker does not trust
    String forged =
        new ApprovalTokens()
            .mint(GovernedLoop.APPROVER, approvalId, args, bundle, roles, now, now + 300, "f-1");
    assertRefused(stub, cliAnswer(approvalId, forged), "signature does not verify");
    // bound to another approval, other arguments, another bundle
    assertRefused(
        stub,
        cliAnswer(approvalId, mint("task-cli-approve/2/0", args, bundle, now, now + 300, "a-1")),
        "it is for approval `task-cli-approve/2/0`");
    assertRefused(
        stub,
        cliAnswer(
            approvalId, mint(approvalId, "ab" + args.substring(2), bundle, now, now + 300, "a-2")),
        "it binds argument hash");
    assertRefused(
        stub,
        cliAnswer(approvalId, mint(approvalId, args, "other-bundle", now, now + 300, "a-3")),
        "it binds bundle `other-bundle`");
    // expired, or living longer than allowed
    assertRefused(
        stub,
        cliAnswer(approvalId, mint(approvalId, args, bundle, now - 600, now - 1, "a-4")),
        "expired");
    assertRefused(
        stub,
        cliAnswer(approvalId, mint(approvalId, args, bundle, now, now + 86_400, "a-5")),
        "expires more than");
    // the requester of the task
    String own =
        loop.tokens.mint(
            "ops@acme.example", approvalId, args, bundle, roles, now, now + 300, "a-6");
    assertRefused(stub, cliAnswer(approvalId, own), "may not answer its approvals");
    assertThat(acceptedUpdates("task-cli-approve")).isEmpty();

    RawValue valid = cliAnswer(approvalId, mint(approvalId, args, bundle, now, now + 300, "ok-1"));
    String answer = stub.update("approve", String.class, valid);
    assertRefused(stub, valid, "task-cli-approve");
    TaskStatus status = stub.getResult(TaskStatus.class);

    assertThat(answer).isEqualTo("approved task-cli-approve/1/0");
    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.path().get(0).approvedBy()).isEqualTo(GovernedLoop.APPROVER);
    assertThat(acceptedUpdates("task-cli-approve")).hasSize(1);
    assertThat(loop.history("task-cli-approve").toJson(false)).doesNotContain(forged, own);
  }

  private String mint(
      String approvalId, String args, String bundle, long iat, long exp, String jti) {
    return loop.tokens.mint(
        GovernedLoop.APPROVER,
        approvalId,
        args,
        bundle,
        List.of(SupportDesk.APPROVER_ROLE),
        iat,
        exp,
        jti);
  }

  /** What {@code temporal workflow update execute --input} sends: json/plain. */
  private static RawValue cliAnswer(String approvalId, String token) {
    return cliJson(
        token == null
            ? "{\"approvalId\":\"%s\",\"approver\":\"dana.lead\"}".formatted(approvalId)
            : "{\"approvalId\":\"%s\",\"token\":\"%s\"}".formatted(approvalId, token));
  }

  private static void assertRefused(WorkflowStub stub, RawValue answer, String why) {
    assertThatThrownBy(() -> stub.update("approve", String.class, answer))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining(why);
  }

  private List<HistoryEvent> acceptedUpdates(String taskId) {
    return loop.events(taskId, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  }
}
