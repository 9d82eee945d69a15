package dev.charter.starter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.AuditTrail;
import dev.charter.starter.TaskGateway;
import dev.charter.starter.eval.CaseResult;
import dev.charter.starter.eval.EvalBaseline;
import dev.charter.starter.eval.EvalMetrics;
import dev.charter.starter.eval.EvalReport;
import dev.charter.starter.eval.EvalRunner;
import dev.charter.starter.eval.EvalSuite;
import dev.charter.starter.eval.SuiteLoader;
import dev.charter.workflow.AgentTaskWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
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
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code charter eval}: runs suites of support-desk cases on the embedded stack the demo uses,
 * holds each task's governed path against its case, computes the run's figures and compares them
 * with the committed baseline. It lives in starter, beside {@code charter demo}, because the {@code
 * charter} command and the runtime it starts are here: the eval module depends on starter, not the
 * other way round (DESIGN.md section 2).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Runs evaluation suites on the embedded stack and gates them against the baseline.",
      "Each case's task is held to its expected path (intent; each call's tool, verdict and",
      "determining policy; approvals asked), final state, backends, steps and decision latency,",
      "and its audit (the ledger verifies; the history replays; every tool execution has a",
      "verdict naming policies and a decision with model provenance). Exits 1 when a metric regresses beyond its",
      "tolerance in the baseline, naming it; 2 on a bad suite or option."
    })
final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(
        names = "--suite",
        description = "a suite to run, by name (repeatable); shipped: support-desk, independent")
    List<String> suites;

    @Option(names = "--all", description = "every suite")
    boolean all;

    @Option(
        names = "--quick",
        description = "the cases marked quick (a few per outcome; the gate inside ./mvnw verify)")
    boolean quick;
  }

  @Option(
      names = "--suites-dir",
      description = "read the suites from this folder (every *.json) instead of the shipped ones")
  Path suitesDir;

  @Option(names = "--json", description = "print one JSON object instead of the readable report")
  boolean json;

  @Option(names = "--html", description = "also write a self-contained HTML report to this file")
  Path html;

  @Option(
      names = "--baseline",
      description = "compare with this baseline file instead of the shipped suites/baseline.json")
  Path baseline;

  @Option(
      names = "--policy-bundle",
      description =
          "evaluate this bundle directory instead of the shipped one (a candidate; its signature"
              + " is checked and reported, not required)")
  Path policyBundle;

  @Option(
      names = "--model",
      description =
          "the in-process backend's model version, e.g. v3 (default: the shipped default, v1);"
              + " the same suites under two versions show how the model drifted")
  String model;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "tasks run at once (default ${DEFAULT-VALUE}); latency is measured under it")
  int parallel;

  @Option(
      names = "--data-dir",
      description = "where the run's H2 databases go (default: a new directory under ./.charter)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = json ? spec.commandLine().getErr() : out;
    SuiteLoader loader = new SuiteLoader();
    List<EvalSuite> suites = suitesDir != null ? loader.folder(suitesDir) : loader.shipped();
    String selected;
    List<EvalRunner.Selected> cases = new ArrayList<>();
    if (selection.quick) {
      selected = "quick";
      suites.forEach(
          s ->
              s.cases().stream()
                  .filter(EvalSuite.EvalCase::quick)
                  .forEach(c -> cases.add(new EvalRunner.Selected(s, c))));
    } else if (selection.all) {
      selected = "all";
      suites.forEach(s -> s.cases().forEach(c -> cases.add(new EvalRunner.Selected(s, c))));
    } else {
      selected = String.join("+", selection.suites);
      for (String name : selection.suites) {
        EvalSuite suite =
            suites.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no suite `"
                                + name
                                + "`; known: "
                                + suites.stream().map(EvalSuite::name).toList()));
        suite.cases().forEach(c -> cases.add(new EvalRunner.Selected(suite, c)));
      }
    }
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("selection `" + selected + "` holds no case");
    }
    // Read before the run: a bad baseline should fail in a second, not after the suites.
    EvalBaseline bounds = EvalBaseline.load(baseline);

    long started = System.nanoTime();
    String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMdd-HHmmss"));
    Path data = dataDir != null ? dataDir : Path.of(".charter", "eval-" + runId);
    Files.createDirectories(data);
    int temporalPort = CharterRuntime.freeLoopbackPort();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("charter.temporal.embedded", true);
    settings.put("charter.temporal.address", "127.0.0.1:" + temporalPort);
    settings.put("charter.data-dir", data.toAbsolutePath().toString());
    settings.put("logging.level.root", "ERROR");
    settings.put("logging.level.dev.charter", "ERROR");
    settings.put("logging.level.io.temporal", "ERROR");
    if (policyBundle != null) {
      settings.put("charter.policy.bundle", policyBundle.toAbsolutePath().toString());
      settings.put("charter.policy.signatures", "checked");
    }
    if (model != null) {
      settings.put("charter.backends.in-process-intent.model", model);
    }
    progress.printf(
        "charter eval: %s, %d cases; starting Temporal (127.0.0.1:%d) and a worker, data in %s%n",
        selected, cases.size(), temporalPort, data);
    progress.flush();
    List<CaseResult> results;
    try (ConfigurableApplicationContext context = CharterRuntime.start(settings, false);
        // one replayer for the run: each task's history replays against the current workflow code,
        // through the stack's data converter (payloads may be encrypted)
        TestWorkflowEnvironment replayer =
            TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder()
                    .setWorkflowClientOptions(
                        WorkflowClientOptions.newBuilder()
                            .setDataConverter(context.getBean(DataConverter.class))
                            .build())
                    .build())) {
      WorkflowClient temporal = context.getBean(WorkflowClient.class);
      EvalRunner.HistoryReplay replay =
          taskId -> {
            try {
              WorkflowReplayer.replayWorkflowExecution(
                  temporal.fetchHistory(taskId), replayer, AgentTaskWorkflowImpl.class);
              return null;
            } catch (Exception e) {
              return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
          };
      EvalRunner runner =
          new EvalRunner(
              context.getBean(TaskGateway.class),
              context.getBean(AuditLedger.class),
              context.getBean(AuditTrail.class),
              context.getBean("shopDataSource", DataSource.class),
              replay,
              progress,
              parallel);
      results = runner.run(cases, "eval" + runId);
    }
    EvalMetrics metrics = EvalMetrics.of(results);
    EvalReport report =
        new EvalReport(
            selected,
            runId,
            Math.round((System.nanoTime() - started) / 1e8) / 10.0,
            metrics,
            bounds.covers(selected),
            bounds.regressions(selected, metrics),
            results);
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(report));
    } else {
      out.print(report.text());
    }
    if (html != null) {
      Files.writeString(html, report.html());
      progress.printf("charter eval: HTML report written to %s%n", html);
    }
    out.flush();
    progress.flush();
    return report.gatePassed() ? 0 : 1;
  }
}
