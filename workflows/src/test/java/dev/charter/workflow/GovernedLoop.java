package dev.charter.workflow;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.charter.contract.ApprovalRequest;
import dev.charter.contract.Compensation;
import dev.charter.contract.PendingApproval;
import dev.charter.contract.PerceptionRequest;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import dev.charter.contract.ToolInvocation;
import dev.charter.workflow.activity.AuthorizationActivities;
import dev.charter.workflow.activity.InferenceActivities;
import dev.charter.workflow.activity.PerceptionActivities;
import dev.charter.workflow.activity.TaskSetupActivities;
import dev.charter.workflow.activity.ToolActivities;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The governed loop on the in-process Temporal test server (time skipping on), with mocked
 * activities answering in the {@link SupportDesk} domain. Each test builds one and closes it.
 *
 * <p>Defaults: the pin succeeds, perception labels the ticket, only the in-process backend is
 * permitted, tools succeed (refunds and vouchers compensable), Cedar allows every compensation.
 * Tests stub the model ({@link #inference}) and Cedar's tool verdicts ({@link #authorization}) per
 * scenario.
 */
final class GovernedLoop implements AutoCloseable {

  static final String APPROVER = "dana.lead";
  static final String OUTSIDER = "mallory";
  static final String SECOND_APPROVER = "pat.privacy";

  /** The requester of {@link SupportDesk#refundTicket}: may not approve its calls. */
  static final String REQUESTER = "desk.agent@acme.example";

  /** Shows in history as the client and worker identity, so goldens name no host. */
  static final String IDENTITY = "charter-workflow-tests";

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final TaskSetupActivities setup = activityMock(TaskSetupActivities.class);
  final PerceptionActivities perception = activityMock(PerceptionActivities.class);
  final AuthorizationActivities authorization = activityMock(AuthorizationActivities.class);
  final InferenceActivities inference = activityMock(InferenceActivities.class);
  final ToolActivities tools = activityMock(ToolActivities.class);
  final RecordingLedger ledger = new RecordingLedger();
  final ApprovalTokens tokens = new ApprovalTokens();
  private final Map<String, String> firstRuns = new java.util.concurrent.ConcurrentHashMap<>();
  final DirectoryApprovalGate gate =
      new DirectoryApprovalGate(
          Map.of(
              APPROVER,
              Set.of(SupportDesk.APPROVER_ROLE),
              OUTSIDER,
              Set.of("support_agent"),
              SECOND_APPROVER,
              Set.of(SupportDesk.APPROVER_ROLE, "privacy_officer"),
              REQUESTER,
              Set.of(SupportDesk.APPROVER_ROLE)),
          tokens.keys.getPublic());

  GovernedLoop() {
    this(null);
  }

  /**
   * @param dataConverter the converter of client and worker (e.g. encrypting); the SDK default when
   *     null
   */
  GovernedLoop(DataConverter dataConverter) {
    WorkflowClientOptions.Builder clientOptions =
        WorkflowClientOptions.newBuilder().setIdentity(IDENTITY);
    if (dataConverter != null) {
      clientOptions.setDataConverter(dataConverter);
    }
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(clientOptions.build())
                .build());
    client = env.getWorkflowClient();
    when(setup.pin(any(TaskRequest.class))).thenReturn(SupportDesk.pin());
    when(perception.perceive(any(PerceptionRequest.class)))
        .thenAnswer(call -> SupportDesk.observe(call.getArgument(0)));
    when(authorization.authorizeModel(any())).thenReturn(SupportDesk.inProcessOnly());
    when(authorization.authorizeCompensation(any()))
        .thenReturn(SupportDesk.allow("permit-compensations").withPermit("compensation-permit"));
    when(tools.execute(any(ToolInvocation.class)))
        .thenAnswer(call -> SupportDesk.perform(call.getArgument(0)));
    when(tools.compensate(any(Compensation.class)))
        .thenAnswer(call -> SupportDesk.undo(call.getArgument(0)));

    // What a Charter worker registers at start-up (the test server refuses unknown attributes).
    TaskSearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), key.getValueType()));
    Worker worker = env.newWorker(TaskQueues.AGENT_TASKS);
    worker.registerWorkflowImplementationFactory(
        AgentTaskWorkflow.class, () -> new AgentTaskWorkflowImpl(gate));
    worker.registerActivitiesImplementations(
        setup, perception, authorization, inference, tools, ledger);
    env.start();
  }

  /**
   * An answer to {@code approvalId} from {@code human}, with a valid approval token bound to the
   * pending approval's argument hash and bundle (or, for a stale id, the pending one's, or none).
   */
  ApprovalRequest answer(String approvalId, String human, String role, String reason) {
    return new ApprovalRequest(approvalId, human, role, reason, token(approvalId, human));
  }

  /** A valid approval token of {@code human} for {@code approvalId}, at workflow time now. */
  String token(String approvalId, String human) {
    String taskId = approvalId.substring(0, approvalId.indexOf('/'));
    PendingApproval pending = task(taskId).status().pendingApproval();
    String args = pending == null ? "00" : pending.argumentsSha256();
    String bundle =
        pending == null || pending.verdict() == null ? null : pending.verdict().activeBundleHash();
    List<String> roles = List.copyOf(gate.roles(human));
    return tokens.mint(human, approvalId, args, bundle, roles, env.currentTimeMillis());
  }

  /** A typed stub for a new task whose workflow id is the task id. */
  AgentTaskWorkflow newTask(String taskId) {
    return client.newWorkflowStub(
        AgentTaskWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(taskId)
            .setTaskQueue(TaskQueues.AGENT_TASKS)
            .build());
  }

  /** A typed stub bound to a running or finished task. */
  AgentTaskWorkflow task(String taskId) {
    return client.newWorkflowStub(AgentTaskWorkflow.class, taskId);
  }

  /** Starts the refund ticket and returns at once. */
  WorkflowExecution start(String taskId) {
    WorkflowExecution first =
        WorkflowClient.start(newTask(taskId)::run, SupportDesk.refundTicket(taskId));
    firstRuns.put(taskId, first.getRunId());
    return first;
  }

  /** The id of the first run of a task started here: a golden holds that run. */
  String firstRun(String taskId) {
    return firstRuns.get(taskId);
  }

  /** Runs the refund ticket to its end (time skips while this waits). */
  TaskStatus run(String taskId) {
    return newTask(taskId).run(SupportDesk.refundTicket(taskId));
  }

  /** Waits for a started task's result (time skips while this waits). */
  TaskStatus result(String taskId) {
    return client.newUntypedWorkflowStub(taskId).getResult(TaskStatus.class);
  }

  WorkflowExecutionHistory history(String taskId) {
    return client.fetchHistory(taskId);
  }

  List<HistoryEvent> events(String taskId, EventType type) {
    return history(taskId).getEvents().stream().filter(e -> e.getEventType() == type).toList();
  }

  @Override
  public void close() {
    env.close();
  }

  private static <T> T activityMock(Class<T> activityInterface) {
    // The mock class must not copy @ActivityInterface annotations, or Temporal sees two interfaces.
    return mock(activityInterface, withSettings().withoutAnnotations());
  }
}
