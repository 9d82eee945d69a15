package dev.charter.eval.policy;

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

  static AccessRequest refund(long cents) {
    EntityData agent =
        new EntityData(
            new EntityRef("Charter::Agent", "support-agent"),
            Map.of("profile", "support-agent", "tenant", "acme-shop", "riskTier", "LOW"),
            Set.of());
    EntityData order =
        new EntityData(
            new EntityRef("Shop::Order", "1002"), Map.of("tenant", "acme-shop"), Set.of());
    return new AccessRequest(
        agent.ref(),
        "issue_refund",
        order.ref(),
        Map.of(
            "input", Map.of("orderId", "1002", "amountCents", cents),
            "labels", Map.of("classification", "INTERNAL", "pii", List.of(), "residency", "us"),
            "tainted", false,
            "riskTier", "LOW",
            "approvals", List.of()),
        List.of(agent, order));
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
