package dev.charter.activities.inference;

import dev.charter.activities.audit.LedgerEntry;
import dev.charter.contract.AuditFact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evidence for moving a task type between backends: from the {@value RouteJournal#SHADOW}
 * records of a route's tasks, per risk tier, how often primary and shadow agreed, and per arm the
 * latency p50/p95 and cost. A task's route and risk tier come from its {@code task.pinned} ledger
 * event.
 */
public final class ShadowComparison {

  private final RouteJournal journal;

  /**
   * @param journal the route journal (and through it the ledger)
   */
  public ShadowComparison(RouteJournal journal) {
    this.journal = journal;
  }

  /** The comparison report of {@code route} (an agent profile name). */
  public Report compare(String route) {
    Map<String, String[]> pins = new HashMap<>();
    Map<String, Accumulator> byTier = new TreeMap<>();
    for (LedgerEntry entry : journal.events(RouteJournal.SHADOW)) {
      AuditFact.ModelShadowed record = (AuditFact.ModelShadowed) entry.fact();
      String taskId = record.taskId();
      String[] pin = pins.computeIfAbsent(taskId, this::pinOf);
      if (!route.equals(pin[0])) {
        continue;
      }
      Accumulator tier = byTier.computeIfAbsent(pin[1], t -> new Accumulator());
      tier.samples++;
      if (record.agree()) {
        tier.agreed++;
      }
      tier.add("primary", record.primary());
      tier.add("shadow", record.shadow());
    }
    List<TierReport> tiers = new ArrayList<>();
    byTier.forEach((tier, acc) -> tiers.add(acc.report(tier)));
    return new Report(route, tiers);
  }

  /** {profile, riskTier} of a task from its pin event; blanks when it has none. */
  private String[] pinOf(String taskId) {
    for (LedgerEntry entry : journal.events(taskId)) {
      if (entry.fact() instanceof AuditFact.TaskPinned pin) {
        return new String[] {pin.profile(), pin.riskTier()};
      }
    }
    return new String[] {"", ""};
  }

  private static final class Accumulator {
    int samples;
    int agreed;
    final Map<String, ArmAccumulator> arms = new LinkedHashMap<>();

    void add(String role, AuditFact.ModelShadowed.Arm arm) {
      String backend = arm.backend();
      ArmAccumulator acc =
          arms.computeIfAbsent(role + ":" + backend, k -> new ArmAccumulator(role, backend));
      if (arm.error() != null) {
        acc.errors++;
        return;
      }
      acc.latencies.add(arm.latencyMicros() == null ? 0 : arm.latencyMicros());
      acc.cost += arm.costUsd() == null ? 0 : arm.costUsd();
    }

    TierReport report(String tier) {
      List<ArmReport> armReports = new ArrayList<>();
      arms.values()
          .forEach(
              a ->
                  armReports.add(
                      new ArmReport(
                          a.role,
                          a.backend,
                          a.latencies.size(),
                          a.errors,
                          percentile(a.latencies, 0.50),
                          percentile(a.latencies, 0.95),
                          a.cost,
                          a.latencies.isEmpty() ? 0 : a.cost / a.latencies.size())));
      return new TierReport(
          tier, samples, samples == 0 ? 0 : agreed / (double) samples, armReports);
    }
  }

  private static final class ArmAccumulator {
    final String role;
    final String backend;
    final List<Long> latencies = new ArrayList<>();
    int errors;
    double cost;

    ArmAccumulator(String role, String backend) {
      this.role = role;
      this.backend = backend;
    }
  }

  static long percentile(List<Long> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  /**
   * @param route the route
   * @param tiers one entry per risk tier seen
   */
  public record Report(String route, List<TierReport> tiers) {}

  /**
   * @param riskTier the tasks' pinned risk tier
   * @param samples shadowed steps
   * @param agreement share of steps where both arms proposed the same tools (or both answered)
   * @param arms figures per arm
   */
  public record TierReport(String riskTier, int samples, double agreement, List<ArmReport> arms) {}

  /**
   * @param role {@code primary} or {@code shadow}
   * @param backend the backend
   * @param calls answered calls
   * @param errors failed calls (shadow only: a failed primary has no shadow record)
   * @param p50Micros median latency
   * @param p95Micros p95 latency
   * @param costUsd total cost
   * @param costUsdPerCall mean cost per answered call
   */
  public record ArmReport(
      String role,
      String backend,
      int calls,
      int errors,
      long p50Micros,
      long p95Micros,
      double costUsd,
      double costUsdPerCall) {}
}
