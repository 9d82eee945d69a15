package dev.charter.worker;

import dev.charter.workflow.AgentTaskWorkflow;
import dev.charter.workflow.AgentTaskWorkflowImpl;
import dev.charter.workflow.activity.ApprovalGate;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Polls the task queue with the governed workflow and its activities. Starts with the application
 * context and stops with it, so the same bean serves dev mode, a production worker and tests.
 */
public final class TaskWorker implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);

  private final WorkflowClient client;
  private final TemporalProperties temporal;
  private final GovernedActivities activities;
  private final ApprovalGate approvalGate;
  private final WorkerInterceptor telemetry;
  private WorkerFactory factory;

  TaskWorker(
      WorkflowClient client,
      TemporalProperties temporal,
      GovernedActivities activities,
      ApprovalGate approvalGate,
      WorkerInterceptor telemetry) {
    this.client = client;
    this.temporal = temporal;
    this.activities = activities;
    this.approvalGate = approvalGate;
    this.telemetry = telemetry;
  }

  /** Registers the workflow and activities on a new worker factory of the given client. */
  public static WorkerFactory register(
      WorkflowClient client,
      String taskQueue,
      GovernedActivities activities,
      ApprovalGate approvalGate) {
    return register(
        client, taskQueue, activities, approvalGate, WorkerFactoryOptions.getDefaultInstance());
  }

  /** As above, with factory options (e.g. the workflow cache size). */
  public static WorkerFactory register(
      WorkflowClient client,
      String taskQueue,
      GovernedActivities activities,
      ApprovalGate approvalGate,
      WorkerFactoryOptions options) {
    WorkerFactory factory = WorkerFactory.newInstance(client, options);
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationFactory(
        AgentTaskWorkflow.class, () -> new AgentTaskWorkflowImpl(approvalGate));
    worker.registerActivitiesImplementations(
        activities.setup(),
        activities.perception(),
        activities.authorization(),
        activities.inference(),
        activities.tools(),
        activities.audit());
    return factory;
  }

  @Override
  public synchronized void start() {
    if (!temporal.workerEnabled()) {
      log.info("worker disabled: charter.temporal.worker-enabled=false");
      return;
    }
    if (!temporal.embedded()) {
      SearchAttributeRegistration.ensure(
          client.getWorkflowServiceStubs(), client.getOptions().getNamespace());
    }
    factory =
        register(
            client,
            temporal.taskQueue(),
            activities,
            approvalGate,
            WorkerFactoryOptions.newBuilder().setWorkerInterceptors(telemetry).build());
    factory.start();
    log.info(
        "worker polling address={} namespace={} taskQueue={}",
        temporal.address(),
        temporal.namespace(),
        temporal.taskQueue());
  }

  @Override
  public synchronized void stop() {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      factory = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return factory != null;
  }

  /** The running factory, for tests that restart the worker in-process. */
  public synchronized WorkerFactory factory() {
    return factory;
  }
}
