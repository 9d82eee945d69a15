package dev.charter.eval.policy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.authorization.AuthorizationListener;
import dev.charter.activities.authorization.CedarAuthorizationActivities;
import dev.charter.activities.shop.ShopDatabase;
import dev.charter.activities.shop.ShopResources;
import dev.charter.activities.tools.ToolPermits;
import dev.charter.contract.ArgumentSources;
import dev.charter.contract.Budgets;
import dev.charter.contract.DataLabels;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolAuthorizationRequest;
import dev.charter.contract.ToolCall;
import dev.charter.contract.ToolResult;
import dev.charter.policy.AccessRequest;
import dev.charter.policy.BundleException;
import dev.charter.policy.BundleRegistry;
import dev.charter.policy.PolicyBundle;
import dev.charter.policy.PolicyDecision;
import dev.charter.policy.PolicyEngine;
import dev.charter.policy.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole authorize stage of one agent tool call as the worker runs it, against Cedar alone in
 * the same run. The call is the demo's refund ({@code issue_refund} of 25.00 on order 1002, amount
 * and order id from the ticket's fields, the order looked up in an earlier step): ALLOW.
 *
 * <ul>
 *   <li>{@code stage}: {@link CedarAuthorizationActivities#authorizeTool}: tool contract (JSON
 *       Schema), the order and customer loaded from the shop database (H2 file, Hikari pool, as the
 *       worker's default) as Cedar entities with their row versions, argument provenance matched
 *       against the ticket and the earlier tool result, the Cedar decision on the sliced cached
 *       bundle, and the Ed25519 permit signed for the ALLOW;
 *   <li>{@code stageNoPermit}: the same without a call index, so no permit is signed;
 *   <li>{@code cedarOnly} (baseline): {@link PolicyEngine#decide} of the very request the stage
 *       puts to Cedar, its facts loaded once in setup: Cedar's share of the stage, what {@link
 *       AuthorizationBenchmark} measures.
 * </ul>
 *
 * <p>{@code ./mvnw -B -pl eval exec:exec -Djmh.args="AuthorizeStageBenchmark -f 1 -t 1"}; sample
 * mode reports p50 and p99. The target (issue 11): the stage stays within 1 ms p50 per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AuthorizeStageBenchmark {

  private static final DataLabels INTERNAL = new DataLabels("INTERNAL", List.of(), "us");

  private Path directory;
  private HikariDataSource shop;
  private CedarAuthorizationActivities authorizer;
  private PolicyEngine engine;
  private ToolAuthorizationRequest permitted;
  private ToolAuthorizationRequest unindexed;
  private AccessRequest bare;

  @Setup(Level.Trial)
  public void setUp() throws BundleException, IOException {
    directory = Files.createTempDirectory("charter-authorize-bench");
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl("jdbc:h2:file:" + directory.resolve("shop"));
    pool.setUsername("sa");
    pool.setMaximumPoolSize(4);
    shop = new HikariDataSource(pool);
    ShopDatabase.migrate(shop);

    engine = new PolicyEngine(PolicyBundle.loadClasspath("policies/support-desk"));
    authorizer =
        new CedarAuthorizationActivities(
            new BundleRegistry(engine.bundle()),
            new ShopResources(shop, ShopDatabase.DEMO_TENANT),
            AuthorizationListener.NONE,
            ToolPermits.of(LedgerSigningKey.generate()));
    TaskPin pin =
        TaskPin.of(
            "support-agent",
            "1",
            ShopDatabase.DEMO_TENANT,
            "MEDIUM",
            "us",
            engine.bundle().id(),
            "r1",
            List.of(),
            List.of("lookup_order", "issue_refund"),
            new Budgets(20, 10_000, 1.0, 600, 3600));
    ToolCall refund =
        new ToolCall(
            "issue_refund",
            "Shop::Order::\"1002\"",
            Map.of("orderId", "1002", "amountCents", "2500"));
    ArgumentSources sources =
        new ArgumentSources(
            List.of(
                new TaskInput(
                    "ticket",
                    "customer_email",
                    "Hello, the beanie from order 1002 arrived torn. Please refund 25.00. Thanks, Kim",
                    Map.of("orderId", "1002", "amountCents", "2500"))),
            List.of(
                new ToolResult(
                    "lookup_order",
                    "bench/1/0",
                    Map.of("orderId", "1002", "status", "delivered", "totalCents", "4900"),
                    false,
                    null)));
    permitted =
        new ToolAuthorizationRequest(
            "bench", 2, pin, refund, INTERNAL, false, List.of(), 0, sources);
    unindexed =
        new ToolAuthorizationRequest(
            "bench", 2, pin, refund, INTERNAL, false, List.of(), null, sources);
    // the very request the stage puts to Cedar, facts loaded once: Cedar's share of the stage
    bare = authorizer.toolAccessRequest(unindexed).orElseThrow();

    // Every contender must allow, and the stage must sign a permit, or the figures mean nothing.
    PolicyVerdict verdict = authorizer.authorizeTool(permitted);
    if (verdict.outcome() != Outcome.ALLOW || verdict.permit() == null) {
      throw new IllegalStateException("benchmark call not allowed with a permit: " + verdict);
    }
    if (verdict.facts().isEmpty()) {
      throw new IllegalStateException("the stage loaded no facts from the shop: " + verdict);
    }
    if (authorizer.authorizeTool(unindexed).outcome() != Outcome.ALLOW) {
      throw new IllegalStateException("benchmark call without index not allowed");
    }
    if (engine.decide(bare).outcome() != Verdict.ALLOW) {
      throw new IllegalStateException("baseline request not allowed");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    shop.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Benchmark
  public PolicyVerdict stage() {
    return authorizer.authorizeTool(permitted);
  }

  @Benchmark
  public PolicyVerdict stageNoPermit() {
    return authorizer.authorizeTool(unindexed);
  }

  @Benchmark
  public PolicyDecision cedarOnly() {
    return engine.decide(bare);
  }
}
