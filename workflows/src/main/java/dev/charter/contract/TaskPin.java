package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a task pins at start so its rules never change under its feet.
 *
 * @param profile the agent profile name
 * @param profileVersion its version
 * @param tenant the tenant
 * @param riskTier LOW, MEDIUM or HIGH
 * @param residency the data residency region
 * @param bundleHash sha-256 of the policy bundle in force
 * @param routeVersion the version of the route table
 * @param route the backends of the route, in order
 * @param tools the tools the profile may use
 * @param budgets the budgets
 * @param pinForward whether the task moves its bundle pin to the active bundle at step boundaries
 *     (the profile's {@code pin-forward}); false on pins recorded before the option existed
 * @param buildCommit the git commit the worker that pinned was built from, or null (pins recorded
 *     before it was kept, or a build outside git)
 * @param sbomSha256 sha-256 of that worker's CycloneDX SBOM, or null likewise
 * @param requestedRiskTier the risk tier the request asked for when it was below the profile's and
 *     so was raised to it (a request may raise its tier, never lower it); null otherwise
 */
public record TaskPin(
    @JsonProperty("profile") String profile,
    @JsonProperty("profileVersion") String profileVersion,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("riskTier") String riskTier,
    @JsonProperty("residency") String residency,
    @JsonProperty("bundleHash") String bundleHash,
    @JsonProperty("routeVersion") String routeVersion,
    @JsonProperty("route") List<BackendRef> route,
    @JsonProperty("tools") List<String> tools,
    @JsonProperty("budgets") Budgets budgets,
    @JsonProperty("pinForward") boolean pinForward,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("buildCommit") String buildCommit,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sbomSha256") String sbomSha256,
    @JsonProperty("requestedRiskTier") @JsonInclude(JsonInclude.Include.NON_NULL)
        String requestedRiskTier) {

  public TaskPin {
    route = route == null ? List.of() : List.copyOf(route);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }

  /**
   * A pin that stays on its bundle for the whole task, at the requested risk tier, not saying which
   * build made it; {@link #withPinForward}, {@link #withRequestedRiskTier} and {@link #withBuild}
   * add the rest.
   */
  public static TaskPin of(
      String profile,
      String profileVersion,
      String tenant,
      String riskTier,
      String residency,
      String bundleHash,
      String routeVersion,
      List<BackendRef> route,
      List<String> tools,
      Budgets budgets) {
    return new TaskPin(
        profile,
        profileVersion,
        tenant,
        riskTier,
        residency,
        bundleHash,
        routeVersion,
        route,
        tools,
        budgets,
        false,
        null,
        null,
        null);
  }

  /** This pin, following the active bundle at step boundaries when {@code forward}. */
  public TaskPin withPinForward(boolean forward) {
    return new TaskPin(
        profile,
        profileVersion,
        tenant,
        riskTier,
        residency,
        bundleHash,
        routeVersion,
        route,
        tools,
        budgets,
        forward,
        buildCommit,
        sbomSha256,
        requestedRiskTier);
  }

  /**
   * This pin, recording that the request asked for {@code requested}, a lower tier than the
   * profile's, which was kept; null when it asked for none or for a tier at least the profile's.
   */
  public TaskPin withRequestedRiskTier(String requested) {
    return new TaskPin(
        profile,
        profileVersion,
        tenant,
        riskTier,
        residency,
        bundleHash,
        routeVersion,
        route,
        tools,
        budgets,
        pinForward,
        buildCommit,
        sbomSha256,
        requested);
  }

  /** This pin moved to another policy bundle. */
  public TaskPin withBundleHash(String newBundleHash) {
    return new TaskPin(
        profile,
        profileVersion,
        tenant,
        riskTier,
        residency,
        newBundleHash,
        routeVersion,
        route,
        tools,
        budgets,
        pinForward,
        buildCommit,
        sbomSha256,
        requestedRiskTier);
  }

  /** This pin, stamped with the build of the worker that made it. */
  public TaskPin withBuild(String commit, String sbom) {
    return new TaskPin(
        profile,
        profileVersion,
        tenant,
        riskTier,
        residency,
        bundleHash,
        routeVersion,
        route,
        tools,
        budgets,
        pinForward,
        commit,
        sbom,
        requestedRiskTier);
  }
}
