package dev.charter.worker.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.Decision;
import dev.charter.contract.ModelProvenance;
import dev.charter.contract.Outcome;
import dev.charter.contract.PolicyVerdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GovernanceMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock();
  private final GovernanceMetrics metrics =
      new GovernanceMetrics(registry, clock, List.of("in-process-intent", "self-hosted-llama"));

  @Test
  void should_count_waiting_approvals_and_their_age_until_answered() {
    metrics.recorded(
        List.of(
            event(
                new AuditFact.ApprovalRequested(
                    "t/2/0", "issue_refund", "o", "h", List.of("lead"), null))),
        1000);
    clock.advance(Duration.ofSeconds(90));
    metrics.recorded(
        List.of(
            event(
                new AuditFact.ApprovalRequested(
                    "u/1/0", "issue_refund", "o", "h", List.of("lead"), null))),
        1000);
    clock.advance(Duration.ofSeconds(30));

    assertThat(registry.get(GovernanceMetrics.APPROVALS_WAITING).gauge().value()).isEqualTo(2.0);
    assertThat(registry.get(GovernanceMetrics.APPROVALS_OLDEST_AGE).gauge().value())
        .isEqualTo(120.0);

    metrics.recorded(
        List.of(event(new AuditFact.ApprovalGranted("t/2/0", "dana", "lead", "h", null))), 1000);
    assertThat(registry.get(GovernanceMetrics.APPROVALS_WAITING).gauge().value()).isEqualTo(1.0);
    assertThat(registry.get(GovernanceMetrics.APPROVALS_OLDEST_AGE).gauge().value())
        .isEqualTo(30.0);

    metrics.recorded(List.of(event(new AuditFact.ApprovalExpired("u/1/0"))), 1000);
    assertThat(registry.get(GovernanceMetrics.APPROVALS_WAITING).gauge().value()).isZero();
    assertThat(registry.get(GovernanceMetrics.APPROVALS_OLDEST_AGE).gauge().value()).isZero();
    assertThat(registry.get(GovernanceMetrics.LEDGER_WRITE).timer().count()).isEqualTo(4);
  }

  @Test
  void should_count_budget_stops_by_budget_from_zero() {
    assertThat(
            registry.get(GovernanceMetrics.BUDGET_STOPS).tag("budget", "tokens").counter().count())
        .isZero();
    metrics.recorded(List.of(event(new AuditFact.BudgetExceeded("tokens", 30, 20))), 1000);
    assertThat(
            registry.get(GovernanceMetrics.BUDGET_STOPS).tag("budget", "tokens").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void should_count_one_verdict_per_determining_policy() {
    metrics.verdict(
        "authorize",
        PolicyVerdict.of(
            Outcome.REQUIRE_APPROVAL, List.of("a", "b"), List.of("support_lead"), "h", null, 5));
    metrics.verdict("authorize", PolicyVerdict.of(Outcome.DENY, List.of(), null, "h", null, 5));

    assertThat(
            registry.get(GovernanceMetrics.VERDICTS).tag("outcome", "REQUIRE_APPROVAL").counters())
        .hasSize(2);
    assertThat(
            registry
                .get(GovernanceMetrics.VERDICTS)
                .tag("outcome", "DENY")
                .tag("policy", "none")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void should_count_a_fallback_only_when_another_backend_answered() {
    metrics.decision(decision("in-process-intent", List.of("in-process-intent")));
    metrics.decision(
        decision("self-hosted-llama", List.of("in-process-intent", "self-hosted-llama")));

    assertThat(
            registry
                .get(GovernanceMetrics.FALLBACKS)
                .tag("backend", "in-process-intent")
                .counter()
                .count())
        .isZero();
    assertThat(
            registry
                .get(GovernanceMetrics.FALLBACKS)
                .tag("backend", "self-hosted-llama")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get(GovernanceMetrics.MODEL_LATENCY)
                .tag("backend", "self-hosted-llama")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(12.0);
  }

  private static Decision decision(String backend, List<String> chain) {
    return new Decision(
        List.of(),
        "done",
        "answer",
        0.9,
        "r",
        new ModelProvenance(
            backend, "self_hosted", "v", "m", "1", null, Map.of(), 12_000, 10, 2, 0.0, chain));
  }

  private static AuditEvent event(AuditFact fact) {
    return new AuditEvent("t", 1, 1, "run", fact);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-25T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
