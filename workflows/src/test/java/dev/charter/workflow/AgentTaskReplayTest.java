package dev.charter.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.charter.codec.AesGcmPayloadCodec;
import dev.charter.contract.TaskRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every committed golden history against today's {@link AgentTaskWorkflowImpl}: a change to
 * the loop that is not behind {@code Workflow.getVersion} fails here. No golden, no pass.
 */
class AgentTaskReplayTest {

  private static TestWorkflowEnvironment env;
  private static Worker worker;

  @BeforeAll
  static void replayWorker() {
    // One replayer for plaintext and encrypted goldens: the codec passes plaintext through.
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(GoldenHistories.converter())
                        .build())
                .build());
    worker = env.newWorker(TaskQueues.AGENT_TASKS);
    // Validators never run on replay, so a gate that lets nobody approve is enough.
    worker.registerWorkflowImplementationFactory(
        AgentTaskWorkflow.class,
        () -> new AgentTaskWorkflowImpl(new DirectoryApprovalGate(Map.of())));
  }

  @AfterAll
  static void close() {
    env.close();
  }

  @Test
  void should_hold_a_golden_for_every_mock_scenario_when_replay_runs() {
    assertThat(GoldenHistories.all())
        .as("golden histories in %s", GoldenHistories.directory())
        .isNotEmpty();
    for (GoldenScenario scenario : GoldenScenario.values()) {
      assertThat(GoldenHistories.file(scenario.taskId() + ".json")).exists();
    }
  }

  @Test
  void should_hold_only_ciphertext_in_the_encrypted_golden() {
    WorkflowExecutionHistory golden =
        GoldenHistories.read(
            GoldenHistories.file(GoldenScenario.APPROVAL_ENCRYPTED.taskId() + ".json"));
    List<Payload> data = new ArrayList<>();
    for (HistoryEvent event : golden.getEvents()) {
      if (event.hasWorkflowExecutionStartedEventAttributes()) {
        data.addAll(
            event.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList());
      }
      if (event.hasActivityTaskScheduledEventAttributes()) {
        data.addAll(event.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList());
      }
      if (event.hasActivityTaskCompletedEventAttributes()) {
        data.addAll(event.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList());
      }
    }
    assertThat(data).hasSizeGreaterThan(5).allMatch(AesGcmPayloadCodec::isEncrypted);
    assertThat(data)
        .noneMatch(p -> p.getData().toStringUtf8().contains("arrived broken"))
        .noneMatch(p -> p.getData().toStringUtf8().contains("c-17"));
    TaskRequest input =
        GoldenHistories.converter().fromPayload(data.get(0), TaskRequest.class, TaskRequest.class);
    assertThat(input.taskId()).isEqualTo(GoldenScenario.APPROVAL_ENCRYPTED.taskId());
  }

  @TestFactory
  Stream<DynamicTest> should_replay_without_nondeterminism_when_loop_is_unchanged() {
    List<Path> goldens = GoldenHistories.all();
    assertThat(goldens).as("golden histories in %s", GoldenHistories.directory()).isNotEmpty();
    return goldens.stream()
        .map(
            golden ->
                DynamicTest.dynamicTest(
                    golden.getFileName().toString(),
                    () ->
                        assertThatCode(
                                () ->
                                    WorkflowReplayer.replayWorkflowExecution(
                                        GoldenHistories.read(golden), worker))
                            .doesNotThrowAnyException()));
  }
}
