package dev.charter.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.DataLabels;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import dev.charter.workflow.activity.AuditActivities;
import dev.charter.workflow.activity.AuthorizationActivities;
import dev.charter.workflow.activity.InferenceActivities;
import dev.charter.workflow.activity.PerceptionActivities;
import dev.charter.workflow.activity.TaskSetupActivities;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the replay test has teeth: a loop changed without {@code Workflow.getVersion}, registered
 * under the same type {@code AgentTask}, must fail to replay a committed golden history.
 */
class IncompatibleChangeTest {

  private static final String GOLDEN = "mock-allow.json";

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  /** The start of the loop as it was: version marker, pin, the pin recorded. */
  abstract static class ChangedLoop extends AgentTaskWorkflowImpl {
    final TaskSetupActivities setup =
        Workflow.newActivityStub(TaskSetupActivities.class, ActivityPlans.SETUP);
    final PerceptionActivities perception =
        Workflow.newActivityStub(PerceptionActivities.class, ActivityPlans.PERCEPTION);
    final AuthorizationActivities authorization =
        Workflow.newLocalActivityStub(AuthorizationActivities.class, ActivityPlans.AUTHORIZATION);
    final InferenceActivities inference =
        Workflow.newActivityStub(InferenceActivities.class, ActivityPlans.INFERENCE);
    final AuditActivities audit =
        Workflow.newActivityStub(AuditActivities.class, ActivityPlans.AUDIT);

    ChangedLoop() {
      super(new DirectoryApprovalGate(Map.of()));
    }

    TaskPin pinAndRecord(TaskRequest request) {
      Workflow.getVersion("governed-loop", Workflow.DEFAULT_VERSION, 1);
      TaskPin pin = setup.pin(request);
      recordPinned(pin);
      return pin;
    }

    void recordPinned(TaskPin pin) {
      String taskId = Workflow.getInfo().getWorkflowId();
      audit.record(
          List.of(
              new AuditEvent(
                  taskId,
                  1,
                  0,
                  Workflow.getInfo().getRunId(),
                  AuditFact.TaskPinned.of(pin, null))));
    }

    Observation perceive(TaskRequest request, TaskPin pin) {
      return perception.perceive(
          new PerceptionRequest(
              Workflow.getInfo().getWorkflowId(), 1, pin.residency(), request.inputs(), List.of()));
    }
  }

  /** Perception dropped: the model is routed and asked straight after the pin. */
  static final class PerceptionSkippingLoop extends ChangedLoop {
    @Override
    public TaskStatus run(TaskRequest request) {
      TaskPin pin = pinAndRecord(request);
      DataLabels unseen = new DataLabels("INTERNAL", List.of(), pin.residency());
      RouteDecision route =
          authorization.authorizeModel(
              new ModelAuthorizationRequest(request.taskId(), 1, pin, unseen, false));
      inference.decide(
          new InferenceRequest(
              request.taskId(), 1, route.permitted(), null, Map.of(), List.of(), pin.tools()));
      return status();
    }
  }

  /** Activities reordered: perception runs before the pin is recorded in the ledger. */
  static final class ReorderedLoop extends ChangedLoop {
    @Override
    public TaskStatus run(TaskRequest request) {
      Workflow.getVersion("governed-loop", Workflow.DEFAULT_VERSION, 1);
      TaskPin pin = setup.pin(request);
      perceive(request, pin);
      recordPinned(pin);
      return status();
    }
  }

  private Throwable replayWith(String queue, Supplier<AgentTaskWorkflow> changedLoop) {
    Worker worker = env.newWorker(queue);
    worker.registerWorkflowImplementationFactory(AgentTaskWorkflow.class, changedLoop::get);
    assertThat(GoldenHistories.file(GOLDEN)).exists();
    return catchThrowable(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                GoldenHistories.read(GoldenHistories.file(GOLDEN)), worker));
  }

  /**
   * The replayer runs the history as a replay-only query and reports the worker's {@link
   * NonDeterministicException} inside the query failure's message, not as a cause; both are
   * accepted.
   */
  private static void assertNondeterminism(Throwable failure, String detail) {
    assertThat(failure).as("replay of %s with a changed loop", GOLDEN).isNotNull();
    List<Throwable> chain = Stream.iterate(failure, Objects::nonNull, Throwable::getCause).toList();
    assertThat(chain)
        .anySatisfy(
            cause ->
                assertThat(
                        cause instanceof NonDeterministicException
                            || String.valueOf(cause.getMessage())
                                .contains(NonDeterministicException.class.getName()))
                    .isTrue());
    assertThat(failure).hasMessageContaining("[TMPRL1100]").hasMessageContaining(detail);
  }

  @Test
  void should_fail_replay_with_nondeterminism_when_perception_is_skipped() {
    Throwable failure = replayWith("replay-perception-skipped", PerceptionSkippingLoop::new);

    assertNondeterminism(failure, "name: \"Perceive\"");
  }

  @Test
  void should_fail_replay_with_nondeterminism_when_activities_are_reordered() {
    Throwable failure = replayWith("replay-reordered", ReorderedLoop::new);

    assertNondeterminism(failure, "check activityType");
  }
}
