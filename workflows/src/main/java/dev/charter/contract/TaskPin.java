package dev.charter.contract;

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
    @JsonProperty("budgets") Budgets budgets) {

  public TaskPin {
    route = route == null ? List.of() : List.copyOf(route);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }
}
