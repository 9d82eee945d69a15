package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.TaskRequest;
import dev.charter.starter.TaskGateway;
import dev.charter.starter.bench.StepBenchmark;
import dev.charter.starter.demo.DemoTicket;
import dev.charter.worker.GovernedActivities;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Benchmarks of the embedded stack. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measures the price of governance: `charter bench step`.")
final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "what to measure: step")
  String what;

  @Option(names = "--tasks", defaultValue = "50", description = "measured tasks of each kind")
  int tasks;

  @Option(names = "--warmup", defaultValue = "10", description = "unmeasured tasks first")
  int warmup;

  @Option(
      names = "--concurrency",
      defaultValue = "1",
      description =
          "tasks in flight for a second throughput run, after the latency run and the throughput"
              + " run at concurrency 1 (default 1: no second run)")
  int concurrency;

  @Option(names = "--json", description = "print one JSON object instead of the readable report")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!"step".equals(what)) {
      throw new IllegalArgumentException("unknown benchmark `" + what + "`; known: step");
    }
    require(tasks >= 1, "--tasks must be >= 1, got " + tasks);
    require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
    require(concurrency >= 1, "--concurrency must be >= 1, got " + concurrency);
    Path data = Files.createTempDirectory("charter-bench");
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("charter.temporal.embedded", true);
    settings.put("charter.temporal.address", "127.0.0.1:" + CharterRuntime.freeLoopbackPort());
    settings.put("charter.data-dir", data.toString());
    // A throwaway key beside the throwaway data, not in the shared default secrets folder.
    settings.put(
        "charter.secrets-dir", Files.createTempDirectory("charter-bench-secrets").toString());
    try (ConfigurableApplicationContext context = CharterRuntime.start(settings, false)) {
      DemoTicket ticket = DemoTicket.all().get(0);
      StepBenchmark benchmark =
          new StepBenchmark(
              context.getBean(WorkflowClient.class),
              context.getBean(TaskGateway.class),
              context.getBean(GovernedActivities.class),
              context.getBean(ProfileCatalog.class),
              context.getBean(ToolPermits.class));
      Function<String, TaskRequest> requests = taskId -> ticket.request("x").withTaskId(taskId);
      StepBenchmark.Result latency = benchmark.run(warmup, tasks, requests);
      List<StepBenchmark.Throughput> throughput = new ArrayList<>();
      throughput.add(benchmark.throughput(1, tasks, requests));
      if (concurrency > 1) {
        throughput.add(benchmark.throughput(concurrency, tasks, requests));
      }
      StepBenchmark.Report report = new StepBenchmark.Report(warmup, latency, throughput);
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? new ObjectMapper().writeValueAsString(report) + "\n" : report.text());
      out.flush();
      return 0;
    }
  }

  /** Bad input: exit code 2, the message naming the option and the value. */
  private static void require(boolean valid, String message) {
    if (!valid) {
      throw new IllegalArgumentException(message);
    }
  }
}
