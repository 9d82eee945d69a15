package dev.charter.starter.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charter.contract.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of one eval run, computed from its case results. {@link #values()} holds every figure
 * the gate can compare, by name:
 *
 * <ul>
 *   <li>{@code pass_rate}, {@code pass_rate.<suite>}: share of cases where everything held
 *   <li>{@code intent_accuracy}, {@code intent.<label>.precision|recall}: the first decision's
 *       intent against the case's
 *   <li>{@code path_match}, {@code state_match}: share of cases whose calls (tool, verdict,
 *       determining policy) or final state were as expected, whatever the intent
 *   <li>{@code verdict.<OUTCOME>.share}: verdict mix over all calls
 *   <li>{@code decision_ms.<backend>.p50|p99}, {@code step_ms.p50|p99}: latency
 *   <li>{@code auditability}: share of tasks whose audit holds
 *   <li>{@code high_risk_unapproved}: money or data moved without an approval (must stay 0)
 * </ul>
 *
 * @param cases cases run
 * @param passed cases where everything held
 * @param values every figure by name
 * @param confusion expected intent → decided intent → count ({@code none} when no decision named
 *     one)
 * @param verdicts verdicts over all calls, by outcome
 * @param decisionMillis each decision's latency, by backend
 * @param stepMillis each governed step's time without human waits
 */
public record EvalMetrics(
    @JsonProperty("cases") int cases,
    @JsonProperty("passed") int passed,
    @JsonProperty("values") Map<String, Double> values,
    @JsonProperty("confusion") Map<String, Map<String, Integer>> confusion,
    @JsonProperty("verdicts") Map<String, Integer> verdicts,
    @JsonProperty("decisionMillis") Map<String, List<Double>> decisionMillis,
    @JsonProperty("stepMillis") List<Double> stepMillis) {

  /** The figures of {@code results}. */
  public static EvalMetrics of(List<CaseResult> results) {
    Map<String, Double> values = new TreeMap<>();
    int passed = (int) results.stream().filter(CaseResult::passed).count();
    values.put("pass_rate", share(passed, results.size()));
    Map<String, int[]> bySuite = new TreeMap<>();
    for (CaseResult r : results) {
      int[] counts = bySuite.computeIfAbsent(r.suite(), s -> new int[2]);
      counts[0] += r.passed() ? 1 : 0;
      counts[1]++;
    }
    bySuite.forEach((suite, c) -> values.put("pass_rate." + suite, share(c[0], c[1])));

    Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    int right = 0;
    int pathMatch = 0;
    int stateMatch = 0;
    int audited = 0;
    int unapproved = 0;
    for (CaseResult r : results) {
      String decided = r.intent() == null ? "none" : r.intent();
      confusion
          .computeIfAbsent(r.expectedIntent(), k -> new TreeMap<>())
          .merge(decided, 1, Integer::sum);
      right += r.expectedIntent().equals(decided) ? 1 : 0;
      pathMatch += r.problems().stream().noneMatch(p -> p.startsWith("call ")) ? 1 : 0;
      stateMatch += r.state().equals(r.expectedState()) ? 1 : 0;
      audited += r.auditProblem() == null ? 1 : 0;
      unapproved += r.highRiskUnapproved();
    }
    values.put("intent_accuracy", share(right, results.size()));
    values.put("path_match", share(pathMatch, results.size()));
    values.put("state_match", share(stateMatch, results.size()));
    values.put("auditability", share(audited, results.size()));
    values.put("high_risk_unapproved", (double) unapproved);

    TreeSet<String> labels = new TreeSet<>(confusion.keySet());
    confusion.values().forEach(row -> labels.addAll(row.keySet()));
    labels.remove("none");
    for (String label : labels) {
      int truePositive = confusion.getOrDefault(label, Map.of()).getOrDefault(label, 0);
      int expected =
          confusion.getOrDefault(label, Map.of()).values().stream().mapToInt(i -> i).sum();
      int decided = confusion.values().stream().mapToInt(row -> row.getOrDefault(label, 0)).sum();
      // an intent never decided has no precision to report; one never expected, no recall
      if (decided > 0) {
        values.put("intent." + label + ".precision", share(truePositive, decided));
      }
      if (expected > 0) {
        values.put("intent." + label + ".recall", share(truePositive, expected));
      }
    }

    Map<String, Integer> verdicts = new TreeMap<>();
    EvalRunner.verdictMix(results).forEach((outcome, n) -> verdicts.put(outcome.name(), n));
    int calls = verdicts.values().stream().mapToInt(i -> i).sum();
    for (Outcome outcome : Outcome.values()) {
      values.put(
          "verdict." + outcome.name() + ".share", share(verdicts.get(outcome.name()), calls));
    }

    Map<String, List<Double>> decisionMillis = new TreeMap<>();
    List<Double> stepMillis = new ArrayList<>();
    for (CaseResult r : results) {
      r.decisions()
          .forEach(
              d ->
                  decisionMillis
                      .computeIfAbsent(d.backend(), b -> new ArrayList<>())
                      .add(d.latencyMillis()));
      stepMillis.addAll(r.stepMillis());
    }
    decisionMillis.forEach(
        (backend, samples) -> {
          values.put("decision_ms." + backend + ".p50", percentile(samples, 50));
          values.put("decision_ms." + backend + ".p99", percentile(samples, 99));
        });
    if (!stepMillis.isEmpty()) {
      values.put("step_ms.p50", percentile(stepMillis, 50));
      values.put("step_ms.p99", percentile(stepMillis, 99));
    }
    return new EvalMetrics(
        results.size(), passed, values, confusion, verdicts, decisionMillis, stepMillis);
  }

  private static double share(int part, int whole) {
    return whole == 0 ? 0 : Math.round(1e4 * part / (double) whole) / 1e4;
  }

  /** The nearest-rank percentile of {@code samples}. */
  static double percentile(List<Double> samples, int p) {
    List<Double> sorted = samples.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    double value = sorted.get(Math.max(0, rank - 1));
    return Math.round(value * 100) / 100.0;
  }
}
