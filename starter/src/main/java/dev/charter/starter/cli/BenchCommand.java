package dev.charter.starter.cli;

import dev.charter.activities.setup.ProfileCatalog;
import dev.charter.contract.TaskRequest;
import dev.charter.starter.TaskGateway;
import dev.charter.starter.bench.StepBenchmark;
import dev.charter.starter.demo.DemoTicket;
import dev.charter.worker.GovernedActivities;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
      defaultValue = "50",
      description =
          "tasks in flight for the throughput run (after a run at concurrency 1); 0 skips it")
  int concurrency;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!"step".equals(what)) {
      throw new IllegalArgumentException("unknown benchmark `" + what + "`; known: step");
    }
    if (tasks < 1 || warmup < 0 || concurrency < 0) {
      throw new IllegalArgumentException(
          "--tasks must be >= 1, --warmup and --concurrency >= 0, got "
              + tasks
              + ", "
              + warmup
              + " and "
              + concurrency);
    }
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
              context.getBean(ProfileCatalog.class));
      Function<String, TaskRequest> requests = taskId -> ticket.request("x").withTaskId(taskId);
      PrintWriter out = spec.commandLine().getOut();
      out.print(benchmark.run(warmup, tasks, requests).report());
      out.print(benchmark.throughput(1, tasks, requests).report());
      if (concurrency > 1) {
        out.print(benchmark.throughput(concurrency, tasks, requests).report());
      }
      out.flush();
      return 0;
    }
  }
}
