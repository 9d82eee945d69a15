package dev.charter.policy;

import java.util.List;
import java.util.TreeSet;

/**
 * What the engine decided and why, keeping Cedar's three channels apart: a request Cedar could not
 * take (bad request, failure) is in {@link #errors()} with no {@link #cedarDecision()}; policies
 * that failed to evaluate are in {@link #erroringPolicies()}; the policies that determined Cedar's
 * decision are in {@link #determiningPolicies()}, exactly as Cedar reported them.
 *
 * @param outcome the verdict
 * @param determiningPolicies {@code @id}s of the policies Cedar reported as determining its
 *     decision: the permits that applied when Cedar allowed, the forbids that applied when it
 *     denied (empty when no permit applied); for REQUIRE_APPROVAL the approval forbids of every
 *     round. With {@link #failClosed()} they are still Cedar's (the permits of its ALLOW): the DENY
 *     is the rule's, not theirs
 * @param requiredRoles roles whose approval turns REQUIRE_APPROVAL into ALLOW, in discovery order
 * @param bundleId the id of the bundle that decided
 * @param errors every error as text: the request's, then each erroring policy's {@link
 *     PolicyError#describe()}
 * @param evaluationNanos time the whole decision took, re-evaluations included
 * @param erroringPolicies the policies that failed to evaluate, with Cedar's messages
 * @param cedarDecision Cedar's own decision in the first round, ALLOW or DENY; null when Cedar gave
 *     none (bad request)
 * @param failClosed whether the {@link OnPolicyError#DENY} rule turned a decision Cedar did not
 *     deny into DENY because a policy failed to evaluate
 */
public record PolicyDecision(
    Verdict outcome,
    List<String> determiningPolicies,
    List<String> requiredRoles,
    String bundleId,
    List<String> errors,
    long evaluationNanos,
    List<PolicyError> erroringPolicies,
    Verdict cedarDecision,
    boolean failClosed) {

  public PolicyDecision {
    determiningPolicies =
        determiningPolicies == null ? List.of() : List.copyOf(determiningPolicies);
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    errors = errors == null ? List.of() : List.copyOf(errors);
    erroringPolicies = erroringPolicies == null ? List.of() : List.copyOf(erroringPolicies);
  }

  /** A decision made without Cedar (e.g. a bundle not loaded): DENY-style facts, no policy. */
  public PolicyDecision(
      Verdict outcome,
      List<String> determiningPolicies,
      List<String> requiredRoles,
      String bundleId,
      List<String> errors,
      long evaluationNanos) {
    this(
        outcome,
        determiningPolicies,
        requiredRoles,
        bundleId,
        errors,
        evaluationNanos,
        List.of(),
        null,
        false);
  }

  /**
   * The verdict Cedar's policies gave, before the fail-closed rule: the outcome itself unless
   * {@link #failClosed()}, then ALLOW when Cedar allowed outright, else REQUIRE_APPROVAL (only
   * approval forbids stood in the way).
   */
  public Verdict policyVerdict() {
    if (!failClosed) {
      return outcome;
    }
    return cedarDecision == Verdict.ALLOW ? Verdict.ALLOW : Verdict.REQUIRE_APPROVAL;
  }

  /** The ids of {@link #erroringPolicies()}, sorted. */
  public List<String> erroringPolicyIds() {
    return erroringPolicies.stream().map(PolicyError::policyId).sorted().distinct().toList();
  }

  /**
   * Whether {@code other} decided the same: outcome, determining policies, required roles, erroring
   * policies and whether evaluation failed. Bundle id, messages and timing are not part of a
   * decision's meaning.
   */
  public boolean sameDecisionAs(PolicyDecision other) {
    return outcome == other.outcome
        && new TreeSet<>(determiningPolicies).equals(new TreeSet<>(other.determiningPolicies))
        && new TreeSet<>(requiredRoles).equals(new TreeSet<>(other.requiredRoles))
        && erroringPolicyIds().equals(other.erroringPolicyIds())
        && errors.isEmpty() == other.errors.isEmpty();
  }

  /** {@code OUTCOME [ids]}, with roles, erroring policies and errors, as printed by the CLI. */
  public String summary() {
    return outcome
        + " "
        + determiningPolicies
        + (requiredRoles.isEmpty() ? "" : " roles=" + requiredRoles)
        + (failClosed ? " fail-closed (Cedar: " + cedarDecision + ")" : "")
        + (erroringPolicies.isEmpty() ? "" : " erroring=" + erroringPolicyIds())
        + (errors.isEmpty() ? "" : " errors=" + errors);
  }
}
