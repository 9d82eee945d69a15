package dev.charter.workflow;

import static dev.charter.workflow.SupportDesk.EMAIL_C17;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.answer;
import static dev.charter.workflow.SupportDesk.propose;
import static dev.charter.workflow.SupportDesk.requireApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.protobuf.ByteString;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolAuthorizationRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
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
  void should_grant_approval_when_update_input_is_cli_json_payload() {
    when(loop.inference.decide(any())).thenReturn(propose(EMAIL_C17), answer("Customer told."));
    when(loop.authorization.authorizeTool(any()))
        .thenAnswer(
            call ->
                call.<ToolAuthorizationRequest>getArgument(0).approvals().isEmpty()
                    ? requireApproval("forbid-email-without-approval")
                    : allow("permit-email-with-approval"));
    WorkflowStub stub = startFromCli("task-cli-approve");
    loop.ledger.awaitEvent("approval.requested");

    String answer =
        stub.update(
            "approve",
            String.class,
            cliJson(
                """
                {"approvalId":"task-cli-approve/1/0","approver":"dana.lead"}"""));
    TaskStatus status = stub.getResult(TaskStatus.class);

    assertThat(answer).isEqualTo("approved task-cli-approve/1/0");
    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(status.path().get(0).approvedBy()).isEqualTo(GovernedLoop.APPROVER);
  }
}
