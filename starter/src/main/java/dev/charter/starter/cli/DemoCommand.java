package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.contract.StepRecord;
import dev.charter.starter.TaskGateway;
import dev.charter.starter.demo.DemoRunner;
import dev.charter.starter.demo.DemoRunner.DemoResult;
import dev.charter.starter.demo.DemoTicket;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the demo tickets on the embedded stack and prints each task's governed path. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the demo support tickets on the embedded stack and prints each governed path.",
      "Starts Temporal's test server, a worker and the REST API on free loopback ports, runs the",
      "demo tickets and prints each task's governed path and audit chain status.",
      "Exits 1 when a task ends other than expected or a chain does not verify."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "print one JSON object instead of the readable report")
  boolean json;

  @Option(
      names = "--data-dir",
      description = "where the demo's H2 databases go (default: a new directory under ./.charter)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = json ? spec.commandLine().getErr() : out;
    String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMdd-HHmmss"));
    Path data = dataDir != null ? dataDir : Path.of(".charter", "demo-" + runId);
    Files.createDirectories(data);
    int temporalPort = CharterRuntime.freeLoopbackPort();
    int httpPort = CharterRuntime.freeLoopbackPort();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("charter.temporal.embedded", true);
    settings.put("charter.temporal.address", "127.0.0.1:" + temporalPort);
    settings.put("server.port", httpPort);
    settings.put("charter.data-dir", data.toAbsolutePath().toString());
    // The demo prints its own progress; keep the worker's logs to errors.
    settings.put("logging.level.root", "ERROR");
    settings.put("logging.level.dev.charter", "ERROR");
    settings.put("logging.level.io.temporal", "ERROR");
    progress.printf(
        "charter demo: starting Temporal (127.0.0.1:%d), worker, REST (127.0.0.1:%d), data in"
            + " %s%n",
        temporalPort, httpPort, data);
    try (ConfigurableApplicationContext context = CharterRuntime.start(settings, true)) {
      DemoRunner runner =
          new DemoRunner(
              context.getBean(TaskGateway.class), context.getBean(AuditLedger.class), progress);
      List<DemoResult> results = runner.run(DemoTicket.all(), runId);
      if (json) {
        printJson(out, results);
      } else {
        printReport(out, results);
      }
      return results.stream().allMatch(DemoResult::asExpected) ? 0 : 1;
    }
  }

  private static void printReport(PrintWriter out, List<DemoResult> results) {
    out.println();
    for (DemoResult result : results) {
      var status = result.status();
      out.printf(
          "%s %s  %s (expected %s)  steps=%d  backends=%s  audit chain %s (%d events)%n",
          result.asExpected() ? "OK  " : "FAIL",
          status.taskId(),
          status.state(),
          result.ticket().expected(),
          status.stepsUsed(),
          status.backends(),
          result.chain().valid() ? "valid" : "INVALID: " + result.chain().problem(),
          result.chain().events());
      for (StepRecord record : status.path()) {
        out.printf(
            "       step %d  %-22s %-24s %-16s %s%s -> %s%n",
            record.step(),
            record.tool() == null ? "(answer)" : record.tool(),
            record.target() == null ? "" : record.target(),
            record.outcome() == null ? "" : record.outcome(),
            record.determiningPolicies().isEmpty() ? "" : record.determiningPolicies(),
            record.approvedBy() == null ? "" : " approved by " + record.approvedBy(),
            record.result());
      }
      if (!status.compensations().isEmpty()) {
        out.printf("       compensated: %s%n", status.compensations());
      }
      if (status.reason() != null) {
        out.printf("       reason: %s%n", status.reason());
      }
      if (result.pathProblem() != null) {
        out.printf("       not the expected path: %s%n", result.pathProblem());
      }
    }
    long ok = results.stream().filter(DemoResult::asExpected).count();
    out.printf("%n%d of %d tasks ended as expected.%n", ok, results.size());
  }

  private static void printJson(PrintWriter out, List<DemoResult> results) throws IOException {
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (DemoResult result : results) {
      Map<String, Object> task = new LinkedHashMap<>();
      task.put("taskId", result.status().taskId());
      task.put("status", result.status().state().name());
      task.put("expected", result.ticket().expected().name());
      task.put("asExpected", result.asExpected());
      task.put("intent", result.intent());
      task.put("expectedIntent", result.ticket().intent());
      task.put("path", result.path());
      task.put("expectedPath", result.ticket().path().stream().map(Object::toString).toList());
      if (result.pathProblem() != null) {
        task.put("pathProblem", result.pathProblem());
      }
      task.put("steps", result.status().stepsUsed());
      Map<String, Integer> verdicts = new LinkedHashMap<>();
      result.verdicts().forEach((outcome, n) -> verdicts.put(outcome.name(), n));
      task.put("verdicts", verdicts);
      task.put("backends", result.status().backends());
      task.put("compensations", result.status().compensations());
      task.put("auditChainValid", result.chain().valid());
      tasks.add(task);
    }
    ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    out.println(mapper.writeValueAsString(Map.of("tasks", tasks)));
  }
}
