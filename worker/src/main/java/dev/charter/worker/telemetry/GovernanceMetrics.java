package dev.charter.worker.telemetry;

import dev.charter.activities.authorization.AuthorizationListener;
import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.activities.inference.RouterListener;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Decision;
import dev.charter.contract.ModelProvenance;
import dev.charter.contract.PolicyVerdict;
import dev.charter.contract.RouteDecision;
import dev.charter.contract.TaskPin;
import dev.charter.contract.ToolCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Governance metrics, fed by the activity interceptor from what activities return: activities run
 * once per attempt and never on replay, so a replayed workflow counts nothing twice.
 *
 * <p>Approvals waiting are the approvals this process recorded as requested and not yet as
 * answered; with several workers, sum the series over instances.
 */
public final class GovernanceMetrics implements RouterListener, AuthorizationListener {

  /**
   * Counter {@code charter.route.decisions}: tags route, arm (canary, stable), outcome (ok, error).
   */
  public static final String ROUTE_DECISIONS = "charter.route.decisions";

  /**
   * Counter {@code charter.route.tool.verdicts}: tags route, arm, outcome (ALLOW, DENY,
   * REQUIRE_APPROVAL): tool verdicts of tasks by the arm they are pinned to.
   */
  public static final String ROUTE_TOOL_VERDICTS = "charter.route.tool.verdicts";

  /**
   * Counter {@code charter.model.shadow.comparisons}: tags primary, shadow, result (agree,
   * disagree, error).
   */
  public static final String MODEL_SHADOW = "charter.model.shadow.comparisons";

  /**
   * Counter {@code charter.policy.shadow.verdicts}: tags action, result (agree, disagree):
   * decisions of a shadow policy bundle against the active one.
   */
  public static final String POLICY_SHADOW = "charter.policy.shadow.verdicts";

  /**
   * Gauge {@code charter.policy.native_cache.entries}: Cedar policy sets and schemas the bundle
   * registry keeps cached natively; bounded by {@code charter.policy.max-cached-entries}.
   */
  public static final String POLICY_NATIVE_CACHE = "charter.policy.native_cache.entries";

  /** Counter {@code charter.verdicts}: tags stage (authorize, route), outcome, policy. */
  public static final String VERDICTS = "charter.verdicts";

  /** Timer {@code charter.model.latency} with histogram buckets: tag backend. */
  public static final String MODEL_LATENCY = "charter.model.latency";

  /** Counter {@code charter.model.fallbacks}: tag backend (the one that answered instead). */
  public static final String FALLBACKS = "charter.model.fallbacks";

  /** Counter {@code charter.model.tokens}: tags backend, direction (input, output). */
  public static final String TOKENS = "charter.model.tokens";

  /** Gauge {@code charter.approvals.waiting}. */
  public static final String APPROVALS_WAITING = "charter.approvals.waiting";

  /** Gauge {@code charter.approvals.oldest.age} in seconds. */
  public static final String APPROVALS_OLDEST_AGE = "charter.approvals.oldest.age";

  /** Counter {@code charter.budget.stops}: tag budget. */
  public static final String BUDGET_STOPS = "charter.budget.stops";

  /** Counter {@code charter.tasks.ended}: tag state. */
  public static final String TASKS_ENDED = "charter.tasks.ended";

  /** Timer {@code charter.ledger.write} with histogram buckets: one append call. */
  public static final String LEDGER_WRITE = "charter.ledger.write";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Long> approvalsWaiting = new ConcurrentHashMap<>();
  private final Timer ledgerWrite;

  /** Budgets a task can run out of, as the workflow names them in {@code budget.exceeded}. */
  static final List<String> BUDGETS = List.of("steps", "tokens", "costUsd", "wallClockSeconds");

  /**
   * @param registry where the meters go
   * @param clock for the age of waiting approvals
   * @param backends configured backend names: their fallback counters show from the start at 0
   */
  public GovernanceMetrics(MeterRegistry registry, Clock clock, Collection<String> backends) {
    this.registry = registry;
    this.clock = clock;
    backends.forEach(this::fallbacks);
    BUDGETS.forEach(this::budgetStops);
    Gauge.builder(APPROVALS_WAITING, approvalsWaiting, Map::size)
        .description("approvals requested and not yet answered")
        .register(registry);
    Gauge.builder(APPROVALS_OLDEST_AGE, this, GovernanceMetrics::oldestApprovalAgeSeconds)
        .description("age of the oldest approval waiting")
        .baseUnit("seconds")
        .register(registry);
    ledgerWrite =
        Timer.builder(LEDGER_WRITE)
            .description("one append of a step's events to the audit ledger")
            .publishPercentileHistogram()
            .register(registry);
  }

  void verdict(String stage, PolicyVerdict verdict) {
    List<String> policies =
        verdict.determiningPolicies().isEmpty() ? List.of("none") : verdict.determiningPolicies();
    for (String policy : policies) {
      Counter.builder(VERDICTS)
          .description("Cedar verdicts")
          .tag("stage", stage)
          .tag("outcome", verdict.outcome().name())
          .tag("policy", policy)
          .register(registry)
          .increment();
    }
  }

  @Override
  public void decided(String route, String arm, boolean ok) {
    Counter.builder(ROUTE_DECISIONS)
        .description("model steps per route and arm: a backend answered (ok) or none did (error)")
        .tag("route", route)
        .tag("arm", arm)
        .tag("outcome", ok ? "ok" : "error")
        .register(registry)
        .increment();
  }

  @Override
  public void shadowCompared(String primary, String shadow, String result) {
    Counter.builder(MODEL_SHADOW)
        .description("shadow model calls: agreed with the primary, disagreed, or failed")
        .tag("primary", primary)
        .tag("shadow", shadow)
        .tag("result", result)
        .register(registry)
        .increment();
  }

  @Override
  public void toolVerdict(TaskPin pin, ToolCall call, PolicyVerdict verdict) {
    Counter.builder(ROUTE_TOOL_VERDICTS)
        .description("tool verdicts per route and the arm the task is pinned to")
        .tag("route", String.valueOf(pin.profile()))
        .tag("arm", CanaryRoutes.armOf(pin))
        .tag("outcome", verdict.outcome().name())
        .register(registry)
        .increment();
  }

  @Override
  public void shadowVerdict(
      String action, String activeBundle, PolicyVerdict.ShadowVerdict shadow) {
    Counter.builder(POLICY_SHADOW)
        .description("shadow policy bundle decisions: agreed with the active bundle or not")
        .tag("action", action)
        .tag("result", shadow.agrees() ? "agree" : "disagree")
        .register(registry)
        .increment();
  }

  void route(RouteDecision route) {
    route.refused().forEach(v -> verdict("route", v));
  }

  void decision(Decision decision) {
    ModelProvenance provenance = decision.provenance();
    if (provenance == null) {
      return;
    }
    String backend = String.valueOf(provenance.backend());
    Timer.builder(MODEL_LATENCY)
        .description("model call latency per backend")
        .tag("backend", backend)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(provenance.latencyMicros() * 1000));
    Counter.builder(TOKENS)
        .tag("backend", backend)
        .tag("direction", "input")
        .register(registry)
        .increment(provenance.inputTokens());
    Counter.builder(TOKENS)
        .tag("backend", backend)
        .tag("direction", "output")
        .register(registry)
        .increment(provenance.outputTokens());
    if (provenance.fallbackChain().size() > 1) {
      fallbacks(backend).increment();
    }
  }

  private Counter fallbacks(String backend) {
    return Counter.builder(FALLBACKS)
        .description("model calls answered by a backend other than the first asked")
        .tag("backend", backend)
        .register(registry);
  }

  private Counter budgetStops(String budget) {
    return Counter.builder(BUDGET_STOPS)
        .description("tasks stopped by a budget")
        .tag("budget", budget)
        .register(registry);
  }

  void recorded(List<?> events, long nanos) {
    ledgerWrite.record(Duration.ofNanos(nanos));
    for (Object item : events) {
      if (!(item instanceof AuditEvent event)) {
        continue;
      }
      AuditFact fact = event.payload();
      if (fact instanceof AuditFact.ApprovalRequested requested) {
        approvalsWaiting.putIfAbsent(requested.approvalId(), clock.millis());
      } else if (fact instanceof AuditFact.ApprovalGranted granted) {
        approvalsWaiting.remove(granted.approvalId());
      } else if (fact instanceof AuditFact.ApprovalRejected rejected) {
        approvalsWaiting.remove(rejected.approvalId());
      } else if (fact instanceof AuditFact.ApprovalExpired expired) {
        approvalsWaiting.remove(expired.approvalId());
      } else if (fact instanceof AuditFact.ApprovalCancelled cancelled) {
        approvalsWaiting.remove(cancelled.approvalId());
      } else if (fact instanceof AuditFact.BudgetExceeded exceeded) {
        budgetStops(exceeded.budget()).increment();
      } else if (fact instanceof AuditFact.TaskEnded ended) {
        Counter.builder(TASKS_ENDED)
            .tag("state", String.valueOf(ended.state()))
            .register(registry)
            .increment();
      }
    }
  }

  private double oldestApprovalAgeSeconds() {
    long now = clock.millis();
    return approvalsWaiting.values().stream().mapToLong(Long::longValue).min().stream()
        .mapToDouble(since -> (now - since) / 1000.0)
        .findFirst()
        .orElse(0.0);
  }
}
