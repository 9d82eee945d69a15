package dev.charter.workflow;

import static dev.charter.workflow.SupportDesk.EMAIL_C17;
import static dev.charter.workflow.SupportDesk.REFUND_1002;
import static dev.charter.workflow.SupportDesk.allow;
import static dev.charter.workflow.SupportDesk.propose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Compensation;
import dev.charter.contract.StepRecord;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolInvocation;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failures: permanent ones of a tool, of the model's proposal, of the task input and of the pin; a
 * transient one that a retry heals; and a cancel that arrives with the start.
 */
class AgentTaskFailureTest {

  private final GovernedLoop loop = new GovernedLoop();

  @AfterEach
  void close() {
    loop.close();
  }

  @Test
  void should_compensate_earlier_tool_once_and_fail_when_later_tool_fails_permanently() {
    when(loop.inference.decide(any())).thenReturn(propose(REFUND_1002), propose(EMAIL_C17));
    when(loop.authorization.authorizeTool(any())).thenReturn(allow("permit-support-tools"));
    when(loop.tools.execute(any(ToolInvocation.class)))
        .thenAnswer(
            call -> {
              ToolInvocation invocation = call.getArgument(0);
              if (invocation.call().tool().equals(SupportDesk.SEND_EMAIL)) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "mail relay refused the address of customer `c-17`", "EmailUndeliverable");
              }
              return SupportDesk.perform(invocation);
            });

    TaskStatus status = loop.run("task-email-fails");

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.reason()).contains("EmailUndeliverable");
    // Non-retryable: the failing tool ran once, next to the refund that succeeded.
    verify(loop.tools, times(2)).execute(any());
    verify(loop.tools, times(1)).compensate(any());
    verify(loop.tools)
        .compensate(
            new Compensation(
                new ToolCall("reverse_refund", REFUND_1002.target(), REFUND_1002.arguments()),
                "task-email-fails/1/0/undo",
                "task-email-fails/1/0",
                "compensation-permit"));
    assertThat(status.path())
        .extracting(StepRecord::tool, StepRecord::result)
        .containsExactly(tuple("issue_refund", "done"), tuple("send_email", "failed"));
    assertThat(loop.ledger.types("task-email-fails"))
        .containsSubsequence(
            AuditFact.ToolFailed.TYPE,
            AuditFact.CompensationExecuted.TYPE,
            AuditFact.TaskEnded.TYPE);
  }

  @Test
  void should_fail_without_authorizing_or_running_when_model_proposes_unknown_tool() {
    ToolCall wipe = new ToolCall("delete_account", "Shop::Customer::\"c-17\"", Map.of());
    when(loop.inference.decide(any())).thenReturn(propose(wipe));

    TaskStatus status = loop.run("task-unknown-tool");

    assertThat(status.state()).isEqualTo(TaskState.FAILED);
    assertThat(status.reason()).contains("UnknownTool", "`delete_account`");
    verify(loop.authorization, never()).authorizeTool(any());
    verify(loop.tools, never()).execute(any());
    assertThat(loop.ledger.types("task-unknown-tool")).contains(AuditFact.ToolRefused.TYPE);
  }

  @Test
  void should_fail_with_invalid_task_when_task_id_differs_from_workflow_id() {
    TaskRequest mismatched = SupportDesk.refundTicket("task-elsewhere");

    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> loop.newTask("task-here").run(mismatched));

    assertThat(failed.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertThat(cause.getType()).isEqualTo("InvalidTask");
    assertThat(cause.getOriginalMessage()).contains("`task-elsewhere`", "`task-here`");
    verify(loop.setup, never()).pin(any());
    assertThat(loop.ledger.batches()).isEmpty();
  }

  @Test
  void should_fail_with_invalid_task_when_input_is_empty() {
    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class, () -> loop.newTask("task-empty").run(null));

    assertThat(((ApplicationFailure) failed.getCause()).getType()).isEqualTo("InvalidTask");
    verify(loop.setup, never()).pin(any());
  }

  @Test
  void should_fail_without_recording_anything_when_pin_fails_with_unknown_profile() {
    when(loop.setup.pin(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "agent profile `support-agent` does not exist", "UnknownProfile"));

    WorkflowFailedException failed =
        catchThrowableOfType(WorkflowFailedException.class, () -> loop.run("task-no-profile"));

    assertThat(failed.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(failed.getCause().getCause()).isInstanceOf(ApplicationFailure.class);
    assertThat(((ApplicationFailure) failed.getCause().getCause()).getType())
        .isEqualTo("UnknownProfile");
    verify(loop.setup, times(1)).pin(any());
    verify(loop.perception, never()).perceive(any());
    assertThat(loop.ledger.batches()).isEmpty();
  }

  @Test
  void should_complete_after_retry_when_perception_fails_transiently() {
    when(loop.perception.perceive(any()))
        .thenThrow(ApplicationFailure.newFailure("blob store timed out after 5s", "BlobTimeout"))
        .thenAnswer(call -> SupportDesk.observe(call.getArgument(0)));
    when(loop.inference.decide(any())).thenReturn(SupportDesk.answer("Order 1002 refunded."));

    TaskStatus status = loop.run("task-transient");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    verify(loop.perception, times(2)).perceive(any());
  }

  @Test
  void should_wait_out_a_ledger_outage_longer_than_a_small_attempt_cap_and_lose_nothing() {
    // 40 refused appends at a one-minute backoff ceiling: half an hour of (skipped) outage, far
    // beyond the 20 attempts that used to fail the task
    loop.ledger.outage(40);
    when(loop.inference.decide(any()))
        .thenReturn(SupportDesk.propose(SupportDesk.LOOKUP_1002), SupportDesk.answer("Shipped."));
    when(loop.authorization.authorizeTool(any())).thenReturn(SupportDesk.allow("permit-lookup"));

    TaskStatus status = loop.run("task-ledger-outage");

    assertThat(status.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(loop.ledger.refusedDuringOutage()).isEqualTo(40);
    List<AuditEvent> events = loop.ledger.events("task-ledger-outage");
    assertThat(events).extracting(AuditEvent::seq).doesNotHaveDuplicates();
    assertThat(events.get(events.size() - 1).seq()).isEqualTo(events.size());
    assertThat(events)
        .extracting(AuditEvent::type)
        .contains(AuditFact.TaskPinned.TYPE, AuditFact.TaskEnded.TYPE);
  }

  @Test
  void should_end_cancelled_before_any_step_when_cancel_arrives_with_the_start() {
    WorkflowStub stub =
        loop.client.newUntypedWorkflowStub(
            AgentTaskWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId("task-cancel-at-start")
                .setTaskQueue(TaskQueues.AGENT_TASKS)
                .build());

    stub.signalWithStart(
        "cancel",
        new Object[] {"duplicate of task-1001"},
        new Object[] {SupportDesk.refundTicket("task-cancel-at-start")});
    TaskStatus status = stub.getResult(TaskStatus.class);

    assertThat(status.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(status.reason()).isEqualTo("cancelled: duplicate of task-1001");
    assertThat(status.stepsUsed()).isZero();
    verify(loop.perception, never()).perceive(any());
    assertThat(loop.ledger.types("task-cancel-at-start"))
        .containsExactly(AuditFact.TaskPinned.TYPE, AuditFact.TaskEnded.TYPE);
  }
}
