package dev.charter.activities.inference;

import java.util.List;

/**
 * What a route (one agent profile's model route) adds to its stable backend list.
 *
 * @param route the route name: the agent profile it belongs to
 * @param stable the stable backends, in order
 * @param canary the canary arm's backends, in order; empty for no canary
 * @param canaryPercent the initial share of tasks, 0..100, sent to the canary arm
 * @param shadow a backend that sees the same step input where Cedar permits it, never acted on;
 *     null for none
 */
public record RouteSpec(
    String route, List<String> stable, List<String> canary, int canaryPercent, String shadow) {

  public RouteSpec {
    stable = stable == null ? List.of() : List.copyOf(stable);
    canary = canary == null ? List.of() : List.copyOf(canary);
    if (canaryPercent < 0 || canaryPercent > 100) {
      throw new IllegalArgumentException(
          "route `" + route + "`: canary percent must be 0..100, got " + canaryPercent);
    }
    if (canaryPercent > 0 && canary.isEmpty()) {
      throw new IllegalArgumentException(
          "route `" + route + "`: canary percent is " + canaryPercent + " but no canary backends");
    }
  }

  /** Backends the canary arm calls that the stable arm does not: their health is the canary's. */
  List<String> canaryOnly() {
    return canary.stream().filter(b -> !stable.contains(b)).toList();
  }
}
