package dev.charter.activities.setup;

import dev.charter.activities.inference.CanaryRoutes;
import dev.charter.contract.BackendRef;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import dev.charter.workflow.activity.TaskSetupActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Pins profile, policy bundle and route table for a task. Pure lookup: safe to retry.
 *
 * <p>With canary routes, the task's arm is chosen here from a stable hash of its id; the canary
 * arm's backends become the pinned route and its route version ends in {@code +canary}, so the
 * workflow history (replay, retries) keeps the arm whatever the split later becomes. A route's
 * shadow backend is appended to the pinned route as {@code <name>#shadow} so that Cedar authorizes
 * it per step like any other backend.
 */
public final class ProfileTaskSetup implements TaskSetupActivities {

  private final ProfileCatalog catalog;
  private final Supplier<String> activeBundleHash;
  private final CanaryRoutes canary;

  /**
   * @param catalog the known profiles and backends
   * @param activeBundleHash the id of the policy bundle in force when a task starts
   */
  public ProfileTaskSetup(ProfileCatalog catalog, Supplier<String> activeBundleHash) {
    this(catalog, activeBundleHash, null);
  }

  /**
   * @param catalog the known profiles and backends
   * @param activeBundleHash the id of the policy bundle in force when a task starts
   * @param canary canary splits per route (profile), or null for none
   */
  public ProfileTaskSetup(
      ProfileCatalog catalog, Supplier<String> activeBundleHash, CanaryRoutes canary) {
    this.catalog = catalog;
    this.activeBundleHash = activeBundleHash;
    this.canary = canary;
  }

  @Override
  public TaskPin pin(TaskRequest request) {
    List<String> problems = catalog.problems(request);
    if (!problems.isEmpty()) {
      boolean unknownProfile =
          request != null
              && request.profile() != null
              && catalog.profile(request.profile()) == null;
      throw ApplicationFailure.newNonRetryableFailure(
          String.join("; ", problems), unknownProfile ? "UnknownProfile" : "InvalidTask");
    }
    AgentProfile profile = catalog.profile(request.profile());
    Optional<List<String>> canaryArm =
        canary == null ? Optional.empty() : canary.canaryRoute(profile.name(), taskId(request));
    List<BackendRef> route =
        new ArrayList<>(canaryArm.orElse(profile.route()).stream().map(catalog::backend).toList());
    // The shadow joins the pinned route, marked as such, so Cedar decides per step whether this
    // data may reach it; the router never acts on it.
    if (canary != null) {
      canary
          .shadow(profile.name())
          .map(catalog::backend)
          .ifPresent(b -> route.add(CanaryRoutes.asShadow(b)));
    }
    String riskTier = ProfileCatalog.effectiveRiskTier(profile, request.riskTier());
    return TaskPin.of(
            profile.name(),
            profile.version(),
            profile.tenant(),
            riskTier,
            profile.residency(),
            activeBundleHash.get(),
            canaryArm.isPresent()
                ? catalog.routeVersion() + "+" + CanaryRoutes.CANARY
                : catalog.routeVersion(),
            route,
            profile.tools(),
            profile.budgets())
        .withPinForward(profile.pinForward())
        // recorded with the pin when a lower tier was asked for and the profile's was kept
        .withRequestedRiskTier(
            riskTier.equals(request.riskTier()) || request.riskTier() == null
                ? null
                : request.riskTier());
  }

  @Override
  public String activeBundle() {
    return activeBundleHash.get();
  }

  /** The task id: the request's, else the workflow id of the running activity. */
  private static String taskId(TaskRequest request) {
    if (request.taskId() != null) {
      return request.taskId();
    }
    try {
      return Activity.getExecutionContext().getInfo().getWorkflowId();
    } catch (IllegalStateException outsideActivity) {
      return null;
    }
  }
}
