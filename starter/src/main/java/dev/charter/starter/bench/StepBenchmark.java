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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;

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
    WorkerFactory factory = startBareWorker();
    try {
      List<Double> governed = new ArrayList<>();
      List<Double> bare = new ArrayList<>();
      int governedSteps = 0;
      int bareSteps = 0;
      Sample lastGoverned = null;
      Sample lastBare = null;
      long id = System.nanoTime();
      for (int i = 0; i < warmup + count; i++) {
        Sample g = governed(ticket.apply("bench-gov-" + id + "-" + i));
        Sample b = bare(ticket.apply("bench-bare-" + id + "-" + i));
        if (i >= warmup) {
          governed.add(g.millisPerStep());
          bare.add(b.millisPerStep());
          governedSteps = g.steps();
          bareSteps = b.steps();
          lastGoverned = g;
          lastBare = b;
        }
      }
      return new Result(
          count,
          governedSteps,
          bareSteps,
          Stats.of(governed),
          Stats.of(bare),
          historyBytesPerStep(lastGoverned),
          historyBytesPerStep(lastBare));
    } finally {
      factory.shutdownNow();
    }
  }

  /**
   * Throughput with {@code concurrency} tasks in flight: {@code count} governed tasks, then {@code
   * count} bare ones, each kind started by {@code concurrency} callers that start a task and wait
   * for its result before starting the next.
   */
  public Throughput throughput(int concurrency, int count, Function<String, TaskRequest> ticket) {
    WorkerFactory factory = startBareWorker();
    ExecutorService callers = Executors.newFixedThreadPool(concurrency);
    try {
      long id = System.nanoTime();
      Rate governed =
          rate(callers, count, i -> governed(ticket.apply("bench-tput-gov-" + id + "-" + i)));
      Rate bare = rate(callers, count, i -> bare(ticket.apply("bench-tput-bare-" + id + "-" + i)));
      return new Throughput(concurrency, count, governed, bare);
    } finally {
      callers.shutdownNow();
      factory.shutdownNow();
    }
  }

  /** A worker for the bare workflow, running the same model and tool activities. */
  private WorkerFactory startBareWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(BARE_QUEUE);
    worker.registerWorkflowImplementationTypes(BareStepWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.inference(), activities.tools());
    factory.start();
    return factory;
  }

  private static Rate rate(ExecutorService callers, int count, IntFunction<Sample> task) {
    long start = System.nanoTime();
    List<Future<Sample>> running = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = i;
      running.add(callers.submit(() -> task.apply(n)));
    }
    long steps = 0;
    for (Future<Sample> future : running) {
      try {
        steps += future.get().steps();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("benchmark interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a benchmark task failed: " + e.getCause(), e.getCause());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Rate(count / seconds, steps / seconds);
  }

  /** Serialized size of a finished task's whole history, divided by its steps. */
  private double historyBytesPerStep(Sample sample) {
    if (sample == null) {
      return Double.NaN;
    }
    int bytes = client.fetchHistory(sample.workflowId()).getHistory().getSerializedSize();
    return (double) bytes / sample.steps();
  }

  private Sample governed(TaskRequest request) {
    long start = System.nanoTime();
    tasks.start(request);
    TaskStatus status = tasks.result(request.taskId());
    return Sample.of(request.taskId(), start, status);
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
    return Sample.of(request.taskId(), start, status);
  }

  private record Sample(String workflowId, int steps, double millisPerStep) {
    static Sample of(String workflowId, long startNanos, TaskStatus status) {
      double millis = (System.nanoTime() - startNanos) / 1e6;
      int steps = Math.max(1, status.stepsUsed());
      return new Sample(workflowId, steps, millis / steps);
    }
  }

  /**
   * Completed work per second of wall time.
   *
   * @param tasksPerSecond tasks completed per second
   * @param stepsPerSecond steps completed per second
   */
  public record Rate(double tasksPerSecond, double stepsPerSecond) {}

  /**
   * Throughput of both kinds at one concurrency.
   *
   * @param concurrency tasks in flight
   * @param tasks tasks of each kind
   * @param governed the governed workflow's rate
   * @param bare the bare workflow's rate
   */
  public record Throughput(int concurrency, int tasks, Rate governed, Rate bare) {

    /** Printable report line pair. */
    public String report() {
      return String.format(
          "throughput, %d tasks each, %d in flight: governed %.1f tasks/s %.1f steps/s,"
              + " bare %.1f tasks/s %.1f steps/s (governed/bare steps/s %.2f)%n",
          tasks,
          concurrency,
          governed.tasksPerSecond(),
          governed.stepsPerSecond(),
          bare.tasksPerSecond(),
          bare.stepsPerSecond(),
          governed.stepsPerSecond() / bare.stepsPerSecond());
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
   * @param governedHistoryBytesPerStep serialized history of one governed task, per step
   * @param bareHistoryBytesPerStep serialized history of one bare task, per step
   */
  public record Result(
      int tasks,
      int governedSteps,
      int bareSteps,
      Stats governed,
      Stats bare,
      double governedHistoryBytesPerStep,
      double bareHistoryBytesPerStep) {

    /** Printable report: p50/p99 of each, difference and ratio. */
    public String report() {
      return String.format(
          "governed step benchmark: %d tasks each, %d steps per governed task, %d per bare task%n"
              + "                 p50 ms/step   p99 ms/step%n"
              + "governed        %11.2f   %11.2f%n"
              + "bare            %11.2f   %11.2f%n"
              + "difference      %11.2f   %11.2f%n"
              + "ratio           %11.2fx  %11.2fx%n"
              + "history bytes per step: governed %.0f, bare %.0f%n",
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
          governed.p99() / bare.p99(),
          governedHistoryBytesPerStep,
          bareHistoryBytesPerStep);
    }
  }
}
