package dev.charter.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskState;
import dev.charter.contract.TaskStatus;
import dev.charter.workflow.TaskQueues;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CharterClientTest {

  private TestWorkflowEnvironment env;
  private CharterClient charter;

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.newWorker(TaskQueues.AGENT_TASKS).registerWorkflowImplementationTypes(ScriptedTask.class);
    env.start();
    charter = CharterClient.of(env.getWorkflowClient());
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private static TaskRequest request(String id) {
    return new TaskRequest(id, "support-agent", "Resolve the ticket", List.of(), "svc", null, null);
  }

  @Test
  void should_start_wait_for_approval_approve_and_return_the_final_status() throws Exception {
    String id = charter.start(request("t-1"));

    PendingApproval pending = charter.awaitApproval(id, Duration.ofSeconds(30)).orElseThrow();
    assertThat(pending.approvalId()).isEqualTo("t-1/1/0");
    assertThat(charter.status(id).state()).isEqualTo(TaskState.WAITING_APPROVAL);

    assertThat(
            charter.approve(id, new ApprovalRequest("t-1/1/0", "dana.lead", null, "ok", "token")))
        .isEqualTo("approved");
    TaskStatus end = charter.awaitResult(id, Duration.ofSeconds(30));
    assertThat(end.state()).isEqualTo(TaskState.COMPLETED);
    assertThat(end.reason()).isEqualTo("approved by dana.lead");
    assertThat(charter.result(id).get().state()).isEqualTo(TaskState.COMPLETED);
    assertThat(charter.awaitApproval(id, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void should_generate_a_task_id_when_the_request_has_none() {
    String id = charter.start(request(null));
    assertThat(id).startsWith("task-");
    assertThat(charter.workflowClient().newUntypedWorkflowStub(id).getExecution().getWorkflowId())
        .isEqualTo(id);
  }

  @Test
  void should_refuse_a_second_task_with_the_same_id() {
    charter.start(request("t-dup"));
    assertThatThrownBy(() -> charter.start(request("t-dup")))
        .isInstanceOf(TaskAlreadyExistsException.class)
        .hasMessage("task `t-dup` already exists");
  }

  @Test
  void should_surface_the_validators_refusal_and_keep_the_approval_pending() throws Exception {
    String id = charter.start(request("t-2"));
    charter.awaitApproval(id, Duration.ofSeconds(30)).orElseThrow();

    assertThatThrownBy(
            () ->
                charter.approve(
                    id, new ApprovalRequest("t-2/1/0", "sam.agent", null, "me", "token")))
        .isInstanceOf(ApprovalRefusedException.class)
        .hasMessage("`sam.agent` may not approve `t-2/1/0`");
    assertThatThrownBy(
            () ->
                charter.approve(
                    id, new ApprovalRequest("t-2/9/9", "dana.lead", null, "old", "token")))
        .isInstanceOf(ApprovalRefusedException.class)
        .hasMessage("approval `t-2/9/9` is not pending");
    assertThat(charter.status(id).state()).isEqualTo(TaskState.WAITING_APPROVAL);

    assertThatThrownBy(
            () ->
                charter.approve(id, new ApprovalRequest("t-2/1/0", "dana.lead", null, "no token")))
        .isInstanceOf(ApprovalRefusedException.class)
        .hasMessage("approval `t-2/1/0` needs an approval token");
    assertThat(charter.status(id).state()).isEqualTo(TaskState.WAITING_APPROVAL);

    charter.reject(id, new ApprovalRequest("t-2/1/0", "dana.lead", null, "no", "token"));
    assertThat(charter.awaitResult(id, Duration.ofSeconds(30)).state())
        .isEqualTo(TaskState.REJECTED);
  }

  @Test
  void should_cancel_a_running_task() throws Exception {
    String id = charter.start(request("t-3"));
    charter.awaitApproval(id, Duration.ofSeconds(30));
    charter.cancel(id, "not needed");
    TaskStatus end = charter.awaitResult(id, Duration.ofSeconds(30));
    assertThat(end.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(end.reason()).isEqualTo("cancelled: not needed");
  }

  @Test
  void should_name_the_missing_task() {
    assertThatThrownBy(() -> charter.status("nope"))
        .isInstanceOf(TaskNotFoundException.class)
        .hasMessage("no task `nope`");
    assertThatThrownBy(() -> charter.cancel("nope", "x")).isInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> charter.status(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("task id must not be blank");
  }

  @Test
  void should_time_out_waiting_for_a_result_that_does_not_come() {
    String id = charter.start(request("t-4"));
    assertThatThrownBy(() -> charter.awaitResult(id, Duration.ofMillis(300)))
        .isInstanceOf(TimeoutException.class);
  }
}
