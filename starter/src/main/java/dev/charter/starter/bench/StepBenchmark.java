package dev.charter.starter.bench;

import dev.charter.activities.setup.AgentProfile;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.activities.tools.ToolPermits;
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

  /** Histories fetched per kind: enough for a stable median, few enough to stay cheap. */
  static final int HISTORY_SAMPLE = 20;

  private final WorkflowClient client;
  private final TaskGateway tasks;
  private final GovernedActivities activities;
  private final ProfileCatalog catalog;
  private final ToolPermits permits;

  /**
   * @param permits the worker's permit key, which signs the bare workflow's tool calls
   */
  public StepBenchmark(
      WorkflowClient client,
      TaskGateway tasks,
      GovernedActivities activities,
      ProfileCatalog catalog,
      ToolPermits permits) {
    this.client = client;
    this.tasks = tasks;
    this.activities = activities;
    this.catalog = catalog;
    this.permits = permits;
  }

  /**
   * Runs {@code warmup} then {@code count} tasks of each kind, alternating, one at a time; then
   * reads the histories of up to {@value #HISTORY_SAMPLE} measured tasks of each kind.
   *
   * @param ticket builds the task request for a task id
   */
  public Result run(int warmup, int count, Function<String, TaskRequest> ticket) {
    WorkerFactory factory = startBareWorker();
    try {
      List<Sample> governed = new ArrayList<>();
      List<Sample> bare = new ArrayList<>();
      long id = System.nanoTime();
      for (int i = 0; i < warmup + count; i++) {
        Sample g = governed(ticket.apply("bench-gov-" + id + "-" + i));
        Sample b = bare(ticket.apply("bench-bare-" + id + "-" + i));
        if (i >= warmup) {
          governed.add(g);
          bare.add(b);
        }
      }
      Stats governedStats = Stats.of(governed.stream().map(Sample::millisPerStep).toList());
      Stats bareStats = Stats.of(bare.stream().map(Sample::millisPerStep).toList());
      List<Sample> governedSampled = spread(governed);
      List<Sample> bareSampled = spread(bare);
      return new Result(
          count,
          governed.get(governed.size() - 1).steps(),
          bare.get(bare.size() - 1).steps(),
          governedStats,
          bareStats,
          Overhead.of(governedStats, bareStats),
          new History(
              governedSampled.size(),
              median(governedSampled.stream().map(this::historyBytesPerStep).toList()),
              median(bareSampled.stream().map(this::historyBytesPerStep).toList())));
    } finally {
      factory.shutdownNow();
    }
  }

  /** Up to {@value #HISTORY_SAMPLE} samples spread evenly over the measured ones. */
  private static List<Sample> spread(List<Sample> samples) {
    int size = Math.min(HISTORY_SAMPLE, samples.size());
    List<Sample> picked = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      picked.add(samples.get(i * samples.size() / size));
    }
    return picked;
  }

  private static double median(List<Double> values) {
    return Stats.of(values).p50();
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

  /**
   * A worker for the bare workflow, running the same model and tool activities; tool calls get the
   * permit the tools require (see {@link PermittedBareTools}).
   */
  private WorkerFactory startBareWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(BARE_QUEUE);
    worker.registerWorkflowImplementationTypes(BareStepWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        activities.inference(), new PermittedBareTools(activities.tools(), permits));
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
   * @param stepsPerSecondRatio governed steps/s over bare steps/s
   */
  public record Throughput(
      int concurrency, int tasks, Rate governed, Rate bare, double stepsPerSecondRatio) {

    Throughput(int concurrency, int tasks, Rate governed, Rate bare) {
      this(concurrency, tasks, governed, bare, governed.stepsPerSecond() / bare.stepsPerSecond());
    }

    /** Printable report line. */
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
          stepsPerSecondRatio);
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
   * What governance adds per step: governed minus bare, and governed over bare.
   *
   * @param differenceP50 p50 difference, ms per step
   * @param differenceP99 p99 difference, ms per step
   * @param ratioP50 p50 ratio
   * @param ratioP99 p99 ratio
   */
  public record Overhead(
      double differenceP50, double differenceP99, double ratioP50, double ratioP99) {
    static Overhead of(Stats governed, Stats bare) {
      return new Overhead(
          governed.p50() - bare.p50(),
          governed.p99() - bare.p99(),
          governed.p50() / bare.p50(),
          governed.p99() / bare.p99());
    }
  }

  /**
   * Serialized history size per step, read back from the server after the measured tasks.
   *
   * @param sampled histories read of each kind
   * @param governedBytesPerStepP50 median over the governed histories of bytes / steps
   * @param bareBytesPerStepP50 median over the bare histories of bytes / steps
   */
  public record History(int sampled, double governedBytesPerStepP50, double bareBytesPerStepP50) {}

  /**
   * The latency run's figures, at concurrency 1.
   *
   * @param tasks measured tasks of each kind
   * @param governedStepsPerTask steps per governed task
   * @param bareStepsPerTask steps per bare task
   * @param governed per-step latency of the governed workflow
   * @param bare per-step latency of the bare workflow
   * @param overhead governed against bare
   * @param history serialized history per step
   */
  public record Result(
      int tasks,
      int governedStepsPerTask,
      int bareStepsPerTask,
      Stats governed,
      Stats bare,
      Overhead overhead,
      History history) {

    /** Printable report: p50/p99 of each, difference and ratio, history per step. */
    public String report() {
      return String.format(
          "governed step benchmark: %d tasks each, %d steps per governed task, %d per bare task%n"
              + "                 p50 ms/step   p99 ms/step%n"
              + "governed        %11.2f   %11.2f%n"
              + "bare            %11.2f   %11.2f%n"
              + "difference      %11.2f   %11.2f%n"
              + "ratio           %11.2fx  %11.2fx%n"
              + "history bytes per step, p50 of %d tasks each: governed %.0f, bare %.0f%n",
          tasks,
          governedStepsPerTask,
          bareStepsPerTask,
          governed.p50(),
          governed.p99(),
          bare.p50(),
          bare.p99(),
          overhead.differenceP50(),
          overhead.differenceP99(),
          overhead.ratioP50(),
          overhead.ratioP99(),
          history.sampled(),
          history.governedBytesPerStepP50(),
          history.bareBytesPerStepP50());
    }
  }

  /**
   * One {@code charter bench step} run: the latency run, then throughput at concurrency 1 and, if
   * asked, at a higher one.
   *
   * @param warmup unmeasured tasks of each kind before the latency run
   * @param latency the latency run at concurrency 1
   * @param throughput throughput at each concurrency measured, ascending
   */
  public record Report(int warmup, Result latency, List<Throughput> throughput) {

    public Report {
      throughput = List.copyOf(throughput);
    }

    /** The readable report: the latency table, then one line per concurrency. */
    public String text() {
      StringBuilder text = new StringBuilder(latency.report());
      throughput.forEach(t -> text.append(t.report()));
      return text.toString();
    }
  }
}
