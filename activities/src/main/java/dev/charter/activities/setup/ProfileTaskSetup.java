package dev.charter.activities.setup;

import dev.charter.activity.TaskSetupActivities;
import dev.charter.contract.BackendRef;
import dev.charter.contract.TaskPin;
import dev.charter.contract.TaskRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.function.Supplier;

/** Pins profile, policy bundle and route table for a task. Pure lookup: safe to retry. */
public final class ProfileTaskSetup implements TaskSetupActivities {

  private final ProfileCatalog catalog;
  private final Supplier<String> activeBundleHash;

  /**
   * @param catalog the known profiles and backends
   * @param activeBundleHash the id of the policy bundle in force when a task starts
   */
  public ProfileTaskSetup(ProfileCatalog catalog, Supplier<String> activeBundleHash) {
    this.catalog = catalog;
    this.activeBundleHash = activeBundleHash;
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
    List<BackendRef> route = profile.route().stream().map(catalog::backend).toList();
    return new TaskPin(
        profile.name(),
        profile.version(),
        profile.tenant(),
        request.riskTier() != null ? request.riskTier() : profile.riskTier(),
        profile.residency(),
        activeBundleHash.get(),
        catalog.routeVersion(),
        route,
        profile.tools(),
        profile.budgets(),
        profile.pinForward());
  }

  @Override
  public String activeBundle() {
    return activeBundleHash.get();
  }
}
