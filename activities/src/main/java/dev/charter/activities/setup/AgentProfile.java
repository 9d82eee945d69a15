package dev.charter.activities.setup;

import dev.charter.contract.Budgets;
import java.util.List;

/**
 * A versioned agent profile: what an agent may use and within which limits.
 *
 * @param name the profile name tasks refer to
 * @param version its version, pinned by each task
 * @param tenant the tenant its agents act for
 * @param riskTier LOW, MEDIUM or HIGH
 * @param residency the data residency region
 * @param tools the tools its agents may propose
 * @param route the backends to try, in order
 * @param budgets the limits of each task
 * @param pinForward whether its tasks move their policy bundle pin to the active bundle at step
 *     boundaries
 * @param sources the input sources its callers may declare; null: any but the trusted ones (see
 *     {@link ProfileCatalog#mayDeclare})
 */
public record AgentProfile(
    String name,
    String version,
    String tenant,
    String riskTier,
    String residency,
    List<String> tools,
    List<String> route,
    Budgets budgets,
    boolean pinForward,
    List<String> sources) {

  public AgentProfile {
    tools = List.copyOf(tools);
    route = List.copyOf(route);
    sources = sources == null ? null : List.copyOf(sources);
  }

  /** A profile whose callers may declare any untrusted source. */
  public AgentProfile(
      String name,
      String version,
      String tenant,
      String riskTier,
      String residency,
      List<String> tools,
      List<String> route,
      Budgets budgets,
      boolean pinForward) {
    this(name, version, tenant, riskTier, residency, tools, route, budgets, pinForward, null);
  }

  /** A profile whose tasks keep their bundle pin. */
  public AgentProfile(
      String name,
      String version,
      String tenant,
      String riskTier,
      String residency,
      List<String> tools,
      List<String> route,
      Budgets budgets) {
    this(name, version, tenant, riskTier, residency, tools, route, budgets, false);
  }
}
