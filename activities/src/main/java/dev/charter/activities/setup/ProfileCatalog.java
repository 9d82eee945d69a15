package dev.charter.activities.setup;

import dev.charter.activities.audit.Sha256;
import dev.charter.activities.perception.RulePerceptionActivities;
import dev.charter.contract.BackendRef;
import dev.charter.contract.Budgets;
import dev.charter.contract.TaskInput;
import dev.charter.contract.TaskRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The agent profiles and model backends a worker knows, checked once when built so a bad
 * configuration stops the worker at start instead of failing tasks later.
 */
public final class ProfileCatalog {

  /** Steps a task may take at most: long tasks continue as new, so the bound is the budget's. */
  static final int MAX_STEPS = 10_000;

  /**
   * Steps one run may take at most: each step adds about 36 history events, and a run should stay
   * well under Temporal's 51,200-event limit.
   */
  static final int MAX_STEPS_PER_RUN = 500;

  /** Risk tiers a task or profile may name. */
  public static final Set<String> RISK_TIERS = Set.of("LOW", "MEDIUM", "HIGH");

  /** The risk tiers from lowest to highest: a request may raise its profile's, never lower it. */
  public static final List<String> RISK_ORDER = List.of("LOW", "MEDIUM", "HIGH");

  /** Hosting kinds a backend may have. */
  public static final Set<String> HOSTINGS = Set.of("in_process", "self_hosted", "closed_api");

  /** Largest content of one task input; bigger content belongs in a blob store. */
  public static final int MAX_INPUT_CHARS = 64 * 1024;

  /** Most inputs one task may carry. */
  public static final int MAX_INPUTS = 32;

  private final Map<String, AgentProfile> profiles;
  private final Map<String, BackendRef> backends;
  private final String routeVersion;

  /**
   * @throws IllegalArgumentException naming the bad value when a profile refers to an unknown
   *     backend, has no tools, an unknown risk tier or budgets out of range
   */
  public ProfileCatalog(Map<String, AgentProfile> profiles, Map<String, BackendRef> backends) {
    this.profiles = Map.copyOf(profiles);
    this.backends = Map.copyOf(backends);
    backends.forEach(
        (name, backend) -> {
          if (!HOSTINGS.contains(backend.hosting())) {
            throw new IllegalArgumentException(
                "backend `"
                    + name
                    + "`: hosting must be one of "
                    + HOSTINGS
                    + ", got `"
                    + backend.hosting()
                    + "`");
          }
        });
    profiles.forEach((name, profile) -> check(name, profile));
    this.routeVersion = fingerprint();
  }

  private void check(String name, AgentProfile profile) {
    String where = "profile `" + name + "`: ";
    if (!RISK_TIERS.contains(profile.riskTier())) {
      throw new IllegalArgumentException(
          where + "riskTier must be one of " + RISK_TIERS + ", got `" + profile.riskTier() + "`");
    }
    if (profile.tools().isEmpty()) {
      throw new IllegalArgumentException(where + "tools must name at least one tool");
    }
    if (profile.route().isEmpty()) {
      throw new IllegalArgumentException(where + "route must name at least one backend");
    }
    for (String backend : profile.route()) {
      if (!backends.containsKey(backend)) {
        throw new IllegalArgumentException(
            where
                + "route names unknown backend `"
                + backend
                + "`; known: "
                + new TreeMap<>(backends).keySet());
      }
    }
    Budgets budgets = profile.budgets();
    if (budgets == null || budgets.maxSteps() < 1 || budgets.maxSteps() > MAX_STEPS) {
      throw new IllegalArgumentException(
          where
              + "budgets.maxSteps must be 1.."
              + MAX_STEPS
              + ", got "
              + (budgets == null ? "none" : budgets.maxSteps()));
    }
    if (budgets.stepsPerRun() < 1 || budgets.stepsPerRun() > MAX_STEPS_PER_RUN) {
      throw new IllegalArgumentException(
          where
              + "budgets.stepsPerRun must be 1.."
              + MAX_STEPS_PER_RUN
              + ", got "
              + budgets.stepsPerRun());
    }
    if (budgets.maxTokens() < 1
        || budgets.maxCostUsd() < 0
        || budgets.maxWallClockSeconds() < 1
        || budgets.approvalTimeoutSeconds() < 1) {
      throw new IllegalArgumentException(where + "budgets must be positive, got " + budgets);
    }
  }

  /** The profile, or null. */
  public AgentProfile profile(String name) {
    return name == null ? null : profiles.get(name);
  }

  /** Names of the known profiles, sorted. */
  public List<String> profileNames() {
    return new ArrayList<>(new TreeMap<>(profiles).keySet());
  }

  /** The backend, or null. */
  public BackendRef backend(String name) {
    return backends.get(name);
  }

  /** Sha-256 (first 16 hex) of the route table, so a task pins the routes it started with. */
  public String routeVersion() {
    return routeVersion;
  }

  /**
   * Everything wrong with a task request, each naming the bad value; empty when it may start.
   * Checked at the edge (REST, CLI) before a workflow starts and again when the task pins.
   */
  public List<String> problems(TaskRequest request) {
    List<String> problems = new ArrayList<>();
    if (request == null) {
      return List.of("task input: empty; send a TaskRequest JSON object");
    }
    if (request.taskId() != null && !request.taskId().matches("[A-Za-z0-9._:-]{1,200}")) {
      problems.add(
          "task input: `taskId` must be 1..200 characters of [A-Za-z0-9._:-], got `"
              + request.taskId()
              + "`");
    }
    if (request.profile() == null || request.profile().isBlank()) {
      problems.add("task input: `profile` is required; known profiles: " + profileNames());
    } else if (!profiles.containsKey(request.profile())) {
      problems.add(
          "task input: unknown profile `"
              + request.profile()
              + "`; known profiles: "
              + profileNames());
    }
    if (request.goal() == null || request.goal().isBlank()) {
      problems.add("task input: `goal` is required");
    }
    if (request.continued() != null) {
      // progress comes from the task's own earlier run, never from a caller
      problems.add(
          "task input: `continued` is set only by a task continuing as new; a caller may not"
              + " send it");
    }
    if (request.riskTier() != null && !RISK_TIERS.contains(request.riskTier())) {
      problems.add(
          "task input: `riskTier` must be one of "
              + RISK_TIERS
              + ", got `"
              + request.riskTier()
              + "`");
    }
    if (request.inputs().size() > MAX_INPUTS) {
      problems.add("task input: at most " + MAX_INPUTS + " inputs, got " + request.inputs().size());
    }
    for (int i = 0; i < request.inputs().size(); i++) {
      TaskInput input = request.inputs().get(i);
      if (input == null) {
        problems.add("task input: `inputs[" + i + "]` is null");
        continue;
      }
      if (input.source() == null || input.source().isBlank()) {
        problems.add("task input: `inputs[" + i + "].source` is required");
      } else if (profiles.containsKey(request.profile())
          && !mayDeclare(profiles.get(request.profile()), input.source())) {
        AgentProfile declaring = profiles.get(request.profile());
        problems.add(
            "task input: `inputs["
                + i
                + "].source` `"
                + input.source()
                + "` is not a source profile `"
                + declaring.name()
                + "` lets its callers declare"
                + (declaring.sources() == null
                    ? " (trusted sources " + new TreeSet<>(TRUSTED_SOURCES) + " need listing)"
                    : "; it accepts " + declaring.sources()));
      }
      if (input.content() != null && input.content().length() > MAX_INPUT_CHARS) {
        problems.add(
            "task input: `inputs["
                + i
                + "].content` has "
                + input.content().length()
                + " characters, at most "
                + MAX_INPUT_CHARS
                + " allowed");
      }
    }
    AgentProfile profile = profile(request.profile());
    if (profile != null && request.tenant() != null && !request.tenant().equals(profile.tenant())) {
      problems.add(
          "task input: tenant `"
              + request.tenant()
              + "` does not match profile `"
              + profile.name()
              + "` (tenant `"
              + profile.tenant()
              + "`)");
    }
    return problems;
  }

  /** Sources whose text perception and provenance trust: a caller may claim them only if listed. */
  static final Set<String> TRUSTED_SOURCES = RulePerceptionActivities.DEFAULT_TRUSTED_SOURCES;

  /**
   * Whether a caller of {@code profile} may declare an input from {@code source}: one the profile
   * lists, or, when it lists none, any source but a trusted one (declaring one would dodge taint).
   */
  public static boolean mayDeclare(AgentProfile profile, String source) {
    return profile.sources() != null
        ? profile.sources().contains(source)
        : !TRUSTED_SOURCES.contains(source);
  }

  /**
   * The risk tier a task of {@code profile} runs at: the requested one when it is at least the
   * profile's, else the profile's (a request may raise its tier, never lower it).
   */
  public static String effectiveRiskTier(AgentProfile profile, String requested) {
    if (requested == null
        || RISK_ORDER.indexOf(requested) < RISK_ORDER.indexOf(profile.riskTier())) {
      return profile.riskTier();
    }
    return requested;
  }

  private String fingerprint() {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(backends)
        .forEach((name, b) -> canonical.append(name).append('=').append(b).append('\n'));
    new TreeMap<>(profiles)
        .forEach((name, p) -> canonical.append(name).append("->").append(p.route()).append('\n'));
    return Sha256.hex(canonical.toString()).substring(0, 16);
  }
}
