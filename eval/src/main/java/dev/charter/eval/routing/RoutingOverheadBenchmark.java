package dev.charter.eval.routing;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.authorization.ResourceDirectory;
import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.activities.inference.InProcessBackend;
import dev.charter.activities.inference.InProcessInferenceActivities;
import dev.charter.activities.inference.ResilienceSettings;
import dev.charter.activities.inference.RollbackThresholds;
import dev.charter.activities.inference.RouteFlags;
import dev.charter.activities.inference.RouteJournal;
import dev.charter.activities.inference.RouteSpec;
import dev.charter.activities.inference.RoutingInferenceActivities;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Decision;
import dev.charter.contract.InferenceRequest;
import dev.charter.contract.ModelAuthorizationRequest;
import dev.charter.contract.Observation;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskPin;
import dev.charter.model.IntentModel;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing overhead per step (docs/benchmarks.md, "Routing"): the governed path — Cedar {@code
 * invoke_model} over the route's backends, then the router's kill-switch check, bulkhead, circuit
 * breaker and time limiter (a hand-off to the call thread) — against a direct call of the same
 * backend, measured in the same run. {@code backend=model} is the real in-process decision model;
 * {@code backend=instant} a backend that returns a fixed decision, which isolates the overhead
 * itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.offline=true",
      "-Dai.djl.pytorch.num_threads=1",
      "-Dai.djl.pytorch.num_interop_threads=1"
    })
public class RoutingOverheadBenchmark {

  private static final BackendRef IN_PROCESS =
      new BackendRef("in-process-intent", "in_process", "charter", "eu", false);
  private static final BackendRef CLOSED =
      new BackendRef("gpt-closed", "closed_api", "openai", "us", true);

  @Param({"model", "instant"})
  public String backend;

  private IntentModel model;
  private dev.charter.activities.inference.ModelBackend direct;
  private RoutingInferenceActivities router;
  private CedarAuthorizationActivities authorization;
  private ModelAuthorizationRequest routeRequest;
  private InferenceRequest inferenceRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    PolicyEngine engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    authorization = new CedarAuthorizationActivities(engine, ResourceDirectory.of(List.of()));
    if ("model".equals(backend)) {
      model = IntentModel.loadDefault();
      model.warmUp();
      direct = new InProcessBackend(IN_PROCESS, new InProcessInferenceActivities(model));
    } else {
      direct = new InstantBackend(IN_PROCESS);
    }
    JdbcDataSource ledger = new JdbcDataSource();
    ledger.setURL("jdbc:h2:mem:bench-routing;DB_CLOSE_DELAY=-1");
    AuditLedger.migrate(ledger);
    RouteJournal journal = new RouteJournal(new AuditLedger(ledger));
    RouteSpec route =
        new RouteSpec("support-agent", List.of(IN_PROCESS.name()), List.of(), 0, null);
    CanaryRoutes canary =
        new CanaryRoutes(
            Map.of("support-agent", route),
            new RouteFlags("bench-routing", Map.of("support-agent", 0)),
            journal,
            RollbackThresholds.ofDefaults());
    router =
        new RoutingInferenceActivities(
            List.of(direct), ResilienceSettings.ofDefaults(), canary, journal);

    DataLabels labels = new DataLabels("CONFIDENTIAL", List.of("email"), "eu");
    TaskPin pin =
        TaskPin.of(
            "support-agent",
            "1",
            "acme-shop",
            "MEDIUM",
            "eu",
            engine.bundle().id(),
            "bench",
            // The closed API is refused for this PII-bearing step: two Cedar checks per step.
            List.of(CLOSED, IN_PROCESS),
            List.of("lookup_order", "escalate_to_human"),
            new Budgets(8, 20_000, 1.0, 600, 600));
    routeRequest = new ModelAuthorizationRequest("bench-task", 1, pin, labels, false);
    inferenceRequest =
        new InferenceRequest(
            "bench-task",
            1,
            List.of(IN_PROCESS),
            new Observation(
                1,
                "0".repeat(64),
                "Where is my order 1001? Write to <email:1>.",
                labels,
                false,
                List.of("customer_email")),
            Map.of("orderId", "1001", "customerId", "c-100"),
            List.of(),
            List.of("lookup_order", "escalate_to_human"));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
    if (model != null) {
      model.close();
    }
  }

  /** Baseline: the backend called directly, no policy, no resilience. */
  @Benchmark
  public Decision direct() {
    return direct.decide(inferenceRequest);
  }

  /** The router alone (kill switch, bulkhead, breaker, time limiter): no Cedar. */
  @Benchmark
  public Decision routerOnly() {
    return router.decide(inferenceRequest);
  }

  /** The governed path: Cedar route decision, then the router. */
  @Benchmark
  public Decision routed() {
    RouteDecision route = authorization.authorizeModel(routeRequest);
    if (route.permitted().size() != 1) {
      throw new IllegalStateException("expected one permitted backend, got " + route.permitted());
    }
    return router.decide(inferenceRequest);
  }
}
