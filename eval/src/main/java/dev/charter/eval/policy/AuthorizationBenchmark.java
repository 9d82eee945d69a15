package dev.charter.eval.policy;

import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.authorization.ResourceDirectory;
import dev.charter.contract.ArgumentSources;
import dev.charter.contract.Budgets;
import dev.charter.contract.DataLabels;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.policy.AccessRequest;
import dev.charter.policy.BundleException;
import dev.charter.policy.EntityData;
import dev.charter.policy.EntityRef;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyDecision;
import dev.charter.policy.PolicyEngine;
import dev.charter.policy.SyntheticBundle;
import dev.charter.policy.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Authorization latency of one agent tool call ({@code issue_refund} of 50.00 on an order of the
 * agent's tenant: ALLOW in one evaluation round), for the demo bundle and a 500-policy bundle,
 * against its baselines measured in the same run:
 *
 * <ul>
 *   <li>{@code charter}: the engine as the worker runs it (sliced by action, cached);
 *   <li>{@code cachedWhole}: the whole bundle pre-parsed and cached, not sliced;
 *   <li>{@code naive}: the plain cedar-java call, policies and schema re-parsed on every call;
 *   <li>{@code javaIfChain}: the same tool rules as a plain Java if-chain.
 * </ul>
 *
 * <p>{@code ./mvnw -B -pl eval exec:exec -Djmh.args="AuthorizationBenchmark -f 1 -t 1"} (and {@code
 * -t 2}); sample mode reports p50 and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AuthorizationBenchmark {

  @Param({"demo", "synthetic-500"})
  public String bundle;

  private PolicyEngine charter;
  private PolicyEngine cachedWhole;
  private PolicyEngine naive;
  private JavaRules javaRules;
  private AccessRequest request;

  @Setup
  public void setUp() throws BundleException {
    PolicyBundle loaded =
        bundle.equals("demo")
            ? PolicyBundle.loadClasspath("policies/support-desk")
            : SyntheticBundle.build(500);
    int tools =
        bundle.equals("demo")
            ? 0
            : SyntheticBundle.toolCount(PolicyBundle.loadClasspath("policies/support-desk"), 500);
    charter = new PolicyEngine(loaded);
    cachedWhole = PolicyEngine.unsliced(loaded);
    naive = PolicyEngine.reference(loaded);
    javaRules = new JavaRules(tools);
    request = refund(5_000);
    // Every contender must give the same answer, or the comparison means nothing.
    for (PolicyDecision decision :
        List.of(charter.decide(request), cachedWhole.decide(request), naive.decide(request))) {
      if (decision.outcome() != Verdict.ALLOW || !decision.errors().isEmpty()) {
        throw new IllegalStateException("benchmark request not allowed: " + decision);
      }
    }
    if (javaRules.decide(request) != Verdict.ALLOW) {
      throw new IllegalStateException("Java rules do not allow the benchmark request");
    }
  }

  /**
   * The Cedar request the worker's authorizer builds for a refund of {@code cents} on order 1002 of
   * the agent's tenant, amount and order from the caller's fields: the order and customer as the
   * shop's facts would give them (in memory here, so the figure is Cedar's alone; {@link
   * AuthorizeStageBenchmark} adds the database, provenance and permit).
   */
  static AccessRequest refund(long cents) {
    EntityRef customer = new EntityRef("Shop::Customer", "c-101");
    ResourceDirectory facts =
        ResourceDirectory.of(
            List.of(
                new EntityData(
                    new EntityRef("Shop::Order", "1002"),
                    Map.of(
                        "tenant",
                        "acme-shop",
                        "customer",
                        customer,
                        "totalCents",
                        100_000L,
                        "refundedCents",
                        0L,
                        "currency",
                        "USD",
                        "status",
                        "delivered"),
                    Set.of()),
                new EntityData(
                    customer,
                    Map.of(
                        "tenant",
                        "acme-shop",
                        "verifiedDestinations",
                        Set.of(),
                        "contactState",
                        "reachable",
                        "refundedTodayCents",
                        0L),
                    Set.of())));
    PolicyEngine demo;
    try {
      demo = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    } catch (BundleException e) {
      throw new IllegalStateException("the demo bundle does not load", e);
    }
    ToolCall call =
        new ToolCall(
            "issue_refund",
            "Shop::Order::\"1002\"",
            Map.of("orderId", "1002", "amountCents", Long.toString(cents)));
    TaskPin pin =
        TaskPin.of(
            "support-agent",
            "1",
            "acme-shop",
            "LOW",
            "us",
            demo.bundle().id(),
            "r1",
            List.of(),
            List.of("issue_refund"),
            new Budgets(20, 10_000, 1.0, 600, 3600));
    ArgumentSources fields =
        new ArgumentSources(
            List.of(new TaskInput("ticket", "customer_email", "", call.arguments())), List.of());
    return new CedarAuthorizationActivities(demo, facts)
        .toolAccessRequest(
            new ToolAuthorizationRequest(
                "bench",
                1,
                pin,
                call,
                new DataLabels("INTERNAL", List.of(), "us"),
                false,
                List.of(),
                null,
                fields))
        .orElseThrow();
  }

  @Benchmark
  public PolicyDecision charter() {
    return charter.decide(request);
  }

  @Benchmark
  public PolicyDecision cachedWhole() {
    return cachedWhole.decide(request);
  }

  @Benchmark
  public PolicyDecision naive() {
    return naive.decide(request);
  }

  @Benchmark
  public Verdict javaIfChain() {
    return javaRules.decide(request);
  }
}
