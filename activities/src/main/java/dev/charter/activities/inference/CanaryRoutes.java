package dev.charter.activities.inference;

import dev.charter.activities.audit.Sha256;
import dev.charter.contract.AuditFact;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Outcome;
import dev.charter.contract.TaskPin;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canary splits, kill switches and automatic rollback for the routes.
 *
 * <p>A task's arm is chosen once, when the task pins its route, from a stable hash of the task id:
 * bucket {@code = sha256(taskId)[0..4] mod 100}, canary when the bucket is below the route's split.
 * The pinned route sits in the workflow history, so replay and retries use the same arm; the hash
 * gives the same arm on any worker for the same split. Every change of split is appended to the
 * {@value RouteJournal#ROUTES} ledger chain with its reason.
 */
public final class CanaryRoutes {

  /** Arm names as recorded in a pin's route version and the ledger. */
  public static final String STABLE = "stable";

  public static final String CANARY = "canary";

  private static final Logger LOG = LoggerFactory.getLogger(CanaryRoutes.class);

  private final Map<String, RouteSpec> routes;
  private final RouteFlags flags;
  private final RouteJournal journal;
  private final RollbackThresholds thresholds;
  private final Map<String, Deque<Call>> windows = new LinkedHashMap<>();
  private final Map<String, Deque<Boolean>> denyWindows = new LinkedHashMap<>();

  /** The route of steps whose backends belong to no configured route. */
  public static final String UNROUTED = "unrouted";

  /**
   * @param routes route specs by route name
   * @param flags where splits and kill switches are read and written
   * @param journal where changes are audited
   * @param thresholds when a canary is rolled back automatically
   */
  public CanaryRoutes(
      Map<String, RouteSpec> routes,
      RouteFlags flags,
      RouteJournal journal,
      RollbackThresholds thresholds) {
    this.routes = Map.copyOf(routes);
    this.flags = flags;
    this.journal = journal;
    this.thresholds = thresholds;
  }

  /** The bucket 0..99 of a task id; pure, the same on every JVM. */
  public static int bucket(String taskId) {
    String hex = Sha256.hex(taskId);
    return (int) (Long.parseLong(hex.substring(0, 8), 16) % 100);
  }

  /** The canary arm's backends when {@code taskId} falls in the route's canary split. */
  public Optional<List<String>> canaryRoute(String route, String taskId) {
    RouteSpec spec = routes.get(route);
    if (spec == null || spec.canary().isEmpty() || taskId == null) {
      return Optional.empty();
    }
    return bucket(taskId) < flags.canaryPercent(route)
        ? Optional.of(spec.canary())
        : Optional.empty();
  }

  /** The shadow backend of {@code route}, if any. */
  public Optional<String> shadow(String route) {
    RouteSpec spec = routes.get(route);
    return spec == null ? Optional.empty() : Optional.ofNullable(spec.shadow());
  }

  /** Marks a backend of a pinned route as the route's shadow: never acted on. */
  public static final String SHADOW_SUFFIX = "#shadow";

  /** {@code backend} in its shadow role, as pinned: same attributes, name {@code <name>#shadow}. */
  public static BackendRef asShadow(BackendRef backend) {
    return new BackendRef(
        backend.name() + SHADOW_SUFFIX,
        backend.hosting(),
        backend.vendor(),
        backend.region(),
        backend.retainsData());
  }

  /** Whether the kill switch leaves {@code backend} on. */
  public boolean enabled(String backend) {
    return flags.enabled(backend);
  }

  /**
   * Sets the canary split of {@code route}, audited.
   *
   * @throws IllegalArgumentException on an unknown route, a route without canary, or a bad percent
   */
  public synchronized void setCanary(String route, int percent, String reason) {
    RouteSpec spec = require(route);
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException(
          "route `" + route + "`: canary percent must be 0..100, got " + percent);
    }
    if (spec.canary().isEmpty() && percent > 0) {
      throw new IllegalArgumentException(
          "route `"
              + route
              + "` has no canary backends; configure charter.routes."
              + route
              + ".canary first");
    }
    change(route, percent, false, reason);
  }

  /** Sends every new task of {@code route} to the stable arm, audited. */
  public synchronized void rollback(String route, String reason) {
    require(route);
    change(route, 0, true, reason);
  }

  /** Turns {@code backend} on or off for every route, audited. */
  public synchronized void setEnabled(String backend, boolean enabled, String reason) {
    boolean before = flags.enabled(backend);
    flags.setEnabled(backend, enabled);
    journal.append(
        RouteJournal.ROUTES, new AuditFact.BackendSwitched(backend, before, enabled, reason));
  }

  /**
   * Feeds one call outcome of {@code backend} to the rollback monitor of each route whose canary
   * arm alone uses it; rolls the route back when its window crosses a threshold.
   */
  public synchronized void record(String backend, boolean failed, long latencyMicros) {
    for (RouteSpec spec : routes.values()) {
      if (!spec.canaryOnly().contains(backend) || flags.canaryPercent(spec.route()) == 0) {
        continue;
      }
      Deque<Call> window = windows.computeIfAbsent(spec.route(), r -> new ArrayDeque<>());
      window.addLast(new Call(failed, latencyMicros));
      while (window.size() > thresholds.window()) {
        window.removeFirst();
      }
      if (window.size() < thresholds.minimumCalls()) {
        continue;
      }
      double errorRate = window.stream().filter(Call::failed).count() / (double) window.size();
      long p95 =
          ShadowComparison.percentile(window.stream().map(Call::latencyMicros).toList(), 0.95);
      String reason = null;
      if (errorRate > thresholds.maxErrorRate()) {
        reason =
            String.format(
                java.util.Locale.ROOT,
                "automatic: canary error rate %.2f over the last %d calls exceeds %.2f",
                errorRate,
                window.size(),
                thresholds.maxErrorRate());
      } else if (p95 > thresholds.maxP95Micros()) {
        reason =
            "automatic: canary p95 latency "
                + p95
                + " µs over the last "
                + window.size()
                + " calls exceeds "
                + thresholds.maxP95Micros()
                + " µs";
      }
      if (reason != null) {
        LOG.warn("event=canary_rollback route={} reason=\"{}\"", spec.route(), reason);
        change(spec.route(), 0, true, reason);
      }
    }
  }

  /** The arm a pin names: {@value #CANARY} when its route version ends in {@code +canary}. */
  public static String armOf(TaskPin pin) {
    return pin.routeVersion() != null && pin.routeVersion().endsWith("+" + CANARY)
        ? CANARY
        : STABLE;
  }

  /**
   * Feeds one tool verdict of a task to the deny-rate monitor of its route when the task is pinned
   * to the canary arm (its route version ends in {@code +canary}); rolls the route back, audited,
   * when the share of DENY verdicts over the window crosses the threshold. Verdicts of stable-arm
   * tasks and of routes without a canary split now are ignored; REQUIRE_APPROVAL counts as not
   * denied.
   */
  public synchronized void toolVerdict(TaskPin pin, Outcome outcome) {
    String route = pin.profile();
    if (!CANARY.equals(armOf(pin))
        || !routes.containsKey(route)
        || flags.canaryPercent(route) == 0) {
      return;
    }
    Deque<Boolean> window = denyWindows.computeIfAbsent(route, r -> new ArrayDeque<>());
    window.addLast(outcome == Outcome.DENY);
    while (window.size() > thresholds.window()) {
      window.removeFirst();
    }
    if (window.size() < thresholds.minimumCalls()) {
      return;
    }
    double denyRate =
        window.stream().filter(Boolean::booleanValue).count() / (double) window.size();
    if (denyRate > thresholds.maxDenyRate()) {
      String reason =
          String.format(
              java.util.Locale.ROOT,
              "automatic: canary deny rate %.2f over the last %d tool verdicts exceeds %.2f",
              denyRate,
              window.size(),
              thresholds.maxDenyRate());
      LOG.warn("event=canary_rollback route={} reason=\"{}\"", route, reason);
      change(route, 0, true, reason);
    }
  }

  /**
   * The route and arm a step's backends (as pinned, shadows marked) belong to: {@value #CANARY} of
   * the first route (by name) whose canary-only backends include one of them, else {@value #STABLE}
   * of the first route whose stable arm has the first of them, else {@value #UNROUTED}.
   */
  public RouteArm armOf(List<BackendRef> backends) {
    List<String> names =
        backends.stream().map(BackendRef::name).filter(n -> !n.endsWith(SHADOW_SUFFIX)).toList();
    List<RouteSpec> sorted =
        routes.values().stream().sorted(java.util.Comparator.comparing(RouteSpec::route)).toList();
    for (RouteSpec spec : sorted) {
      if (spec.canaryOnly().stream().anyMatch(names::contains)) {
        return new RouteArm(spec.route(), CANARY);
      }
    }
    if (!names.isEmpty()) {
      for (RouteSpec spec : sorted) {
        if (spec.stable().contains(names.get(0))) {
          return new RouteArm(spec.route(), STABLE);
        }
      }
    }
    return new RouteArm(UNROUTED, STABLE);
  }

  /**
   * @param route the route name
   * @param arm {@value #CANARY} or {@value #STABLE}
   */
  public record RouteArm(String route, String arm) {}

  /** Current split, arms and shadow of every route. */
  public synchronized List<RouteStatus> status() {
    List<RouteStatus> status = new ArrayList<>();
    routes.values().stream()
        .sorted(java.util.Comparator.comparing(RouteSpec::route))
        .forEach(
            spec ->
                status.add(
                    new RouteStatus(
                        spec.route(),
                        spec.stable(),
                        spec.canary(),
                        flags.canaryPercent(spec.route()),
                        spec.shadow())));
    return status;
  }

  private void change(String route, int percent, boolean rollback, String reason) {
    int before = flags.canaryPercent(route);
    flags.setCanaryPercent(route, percent);
    windows.remove(route);
    denyWindows.remove(route);
    String why = reason == null || reason.isBlank() ? "unspecified" : reason;
    journal.append(
        RouteJournal.ROUTES,
        rollback
            ? new AuditFact.CanaryRolledBack(route, before, percent, why)
            : new AuditFact.CanarySet(route, before, percent, why));
  }

  private RouteSpec require(String route) {
    RouteSpec spec = routes.get(route);
    if (spec == null) {
      throw new IllegalArgumentException(
          "unknown route `"
              + route
              + "`; known routes "
              + routes.keySet().stream().sorted().toList());
    }
    return spec;
  }

  /**
   * @param route the route name
   * @param stable stable arm backends
   * @param canary canary arm backends
   * @param canaryPercent current split
   * @param shadow shadow backend or null
   */
  public record RouteStatus(
      String route, List<String> stable, List<String> canary, int canaryPercent, String shadow) {}

  private record Call(boolean failed, long latencyMicros) {}
}
