package dev.charter.policy;

import java.util.List;

/**
 * What the engine decided and why.
 *
 * @param outcome the verdict
 * @param determiningPolicies {@code @id}s of the policies that decided: the permits for ALLOW, the
 *     approval forbids for REQUIRE_APPROVAL, the forbids (or the failing policies) for DENY; empty
 *     when DENY comes from no permit applying
 * @param requiredRoles roles whose approval turns REQUIRE_APPROVAL into ALLOW, in discovery order
 * @param bundleId the id of the bundle that decided
 * @param errors evaluation errors; any error means DENY (fail closed)
 * @param evaluationNanos time the whole decision took, re-evaluations included
 */
public record PolicyDecision(
    Verdict outcome,
    List<String> determiningPolicies,
    List<String> requiredRoles,
    String bundleId,
    List<String> errors,
    long evaluationNanos) {

  public PolicyDecision {
    determiningPolicies =
        determiningPolicies == null ? List.of() : List.copyOf(determiningPolicies);
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /**
   * Whether {@code other} decided the same: outcome, determining policies, required roles and
   * whether evaluation failed. Bundle id and timing are not part of a decision's meaning.
   */
  public boolean sameDecisionAs(PolicyDecision other) {
    return outcome == other.outcome
        && new java.util.TreeSet<>(determiningPolicies)
            .equals(new java.util.TreeSet<>(other.determiningPolicies))
        && new java.util.TreeSet<>(requiredRoles)
            .equals(new java.util.TreeSet<>(other.requiredRoles))
        && errors.isEmpty() == other.errors.isEmpty();
  }

  /** {@code OUTCOME [ids]}, with the roles for REQUIRE_APPROVAL, as printed by the CLI. */
  public String summary() {
    return outcome
        + " "
        + determiningPolicies
        + (requiredRoles.isEmpty() ? "" : " roles=" + requiredRoles)
        + (errors.isEmpty() ? "" : " errors=" + errors);
  }
}
