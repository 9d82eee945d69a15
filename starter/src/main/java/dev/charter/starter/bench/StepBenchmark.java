package dev.charter.starter.bench;

import dev.charter.activities.setup.AgentProfile;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.contract.TaskRequest;
import dev.charter.contract.TaskStatus;
import dev.charter.starter.TaskGateway;
import dev.charter.worker.GovernedActivities;
import dev.charter.workflow.bench.BareStepRequest;
import dev.charter.workflow.bench.BareStepWorkflow;
import dev.charter.workflow.bench.BareStepWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The price of governance per step: the same tasks through the governed workflow and through a bare
 * workflow calling the same model and tool activities, same server, same run.
 */
public final class StepBenchmark {

  static final String BARE_QUEUE = "charter-bench-bare";

  private final WorkflowClient client;
  private final TaskGateway tasks;
  private final GovernedActivities activities;
  private final ProfileCatalog catalog;

  public StepBenchmark(
      WorkflowClient client,
      TaskGateway tasks,
      GovernedActivities activities,
      ProfileCatalog catalog) {
    this.client = client;
    this.tasks = tasks;
    this.activities = activities;
    this.catalog = catalog;
  }

  /**
   * Runs {@code warmup} then {@code count} tasks of each kind, alternating, one at a time.
   *
   * @param ticket builds the task request for a task id
   */
  public Result run(int warmup, int count, Function<String, TaskRequest> ticket) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(BARE_QUEUE);
    worker.registerWorkflowImplementationTypes(BareStepWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.inference(), activities.tools());
    factory.start();
    try {
      List<Double> governed = new ArrayList<>();
      List<Double> bare = new ArrayList<>();
      int governedSteps = 0;
      int bareSteps = 0;
      long id = System.nanoTime();
      for (int i = 0; i < warmup + count; i++) {
        Sample g = governed(ticket.apply("bench-gov-" + id + "-" + i));
        Sample b = bare(ticket.apply("bench-bare-" + id + "-" + i));
        if (i >= warmup) {
          governed.add(g.millisPerStep());
          bare.add(b.millisPerStep());
          governedSteps = g.steps();
          bareSteps = b.steps();
        }
      }
      return new Result(count, governedSteps, bareSteps, Stats.of(governed), Stats.of(bare));
    } finally {
      factory.shutdownNow();
    }
  }

  private Sample governed(TaskRequest request) {
    long start = System.nanoTime();
    tasks.start(request);
    TaskStatus status = tasks.result(request.taskId());
    return Sample.of(start, status);
  }

  private Sample bare(TaskRequest request) {
    AgentProfile profile = catalog.profile(request.profile());
    BareStepWorkflow workflow =
        client.newWorkflowStub(
            BareStepWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.taskId())
                .setTaskQueue(BARE_QUEUE)
                .build());
    long start = System.nanoTime();
    TaskStatus status =
        workflow.run(
            new BareStepRequest(
                request,
                profile.route().stream().map(catalog::backend).toList(),
                profile.tools(),
                profile.budgets().maxSteps()));
    return Sample.of(start, status);
  }

  private record Sample(int steps, double millisPerStep) {
    static Sample of(long startNanos, TaskStatus status) {
      double millis = (System.nanoTime() - startNanos) / 1e6;
      int steps = Math.max(1, status.stepsUsed());
      return new Sample(steps, millis / steps);
    }
  }

  /**
   * p50/p99 of per-step latency.
   *
   * @param p50 median, ms
   * @param p99 99th percentile, ms
   */
  public record Stats(double p50, double p99) {
    static Stats of(List<Double> values) {
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(sorted);
      return new Stats(percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(double[] sorted, double p) {
      int rank = (int) Math.ceil(p * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
  }

  /**
   * The benchmark's figures.
   *
   * @param tasks measured tasks of each kind
   * @param governedSteps steps per governed task
   * @param bareSteps steps per bare task
   * @param governed per-step latency of the governed workflow
   * @param bare per-step latency of the bare workflow
   */
  public record Result(int tasks, int governedSteps, int bareSteps, Stats governed, Stats bare) {

    /** Printable report: p50/p99 of each, difference and ratio. */
    public String report() {
      return String.format(
          "governed step benchmark: %d tasks each, %d steps per governed task, %d per bare task%n"
              + "                 p50 ms/step   p99 ms/step%n"
              + "governed        %11.2f   %11.2f%n"
              + "bare            %11.2f   %11.2f%n"
              + "difference      %11.2f   %11.2f%n"
              + "ratio           %11.2fx  %11.2fx%n",
          tasks,
          governedSteps,
          bareSteps,
          governed.p50(),
          governed.p99(),
          bare.p50(),
          bare.p99(),
          governed.p50() - bare.p50(),
          governed.p99() - bare.p99(),
          governed.p50() / bare.p50(),
          governed.p99() / bare.p99());
    }
  }
}
