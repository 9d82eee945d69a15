package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of one Cedar authorization.
 *
 * <p>A tool call is decided by the task's pinned bundle and by the bundle active now; the stricter
 * verdict counts (DENY over REQUIRE_APPROVAL over ALLOW, the pinned one on a tie), so a pin never
 * keeps alive a permission revoked since. The top-level fields are the verdict that counts; both
 * outcomes and the active bundle's id are kept beside it.
 *
 * @param outcome ALLOW, DENY or REQUIRE_APPROVAL: the verdict that counts
 * @param determiningPolicies the {@code @id}s of the policies that decided
 * @param requiredRoles roles whose approval would turn REQUIRE_APPROVAL into ALLOW
 * @param bundleHash sha-256 of the policy bundle whose verdict counts
 * @param errors every error as text: the request's, if Cedar could not take it, then each erroring
 *     policy's
 * @param evaluationMicros time the evaluation took
 * @param pinnedBundleHash the task's pinned bundle; null on verdicts recorded before pinning
 *     consulted the active bundle too
 * @param activeBundleHash the bundle active when this was decided; null as above
 * @param pinnedOutcome the pinned bundle's own verdict; null as above
 * @param activeOutcome the active bundle's own verdict; null as above
 * @param shadow what the shadow candidate decided, when one ran beside the active bundle
 * @param erroringPolicies the policies that failed to evaluate, with Cedar's messages, apart from
 *     the determining ones; absent (empty) on verdicts recorded before errors had their own channel
 * @param failClosed true when the fail-closed rule ({@code on-policy-error: deny}) turned a verdict
 *     Cedar did not deny into DENY because a policy failed to evaluate; then {@code
 *     determiningPolicies} are still the policies of Cedar's own decision, {@code cedarOutcome};
 *     null otherwise
 * @param cedarOutcome what Cedar's policies alone decided, recorded when {@code failClosed}; null
 *     otherwise
 * @param facts the resource entities the verdict was decided on and the rows they came from; null
 *     on verdicts recorded before resources were loaded from their system of record
 * @param permit on an ALLOW verdict for a call the tools will run, the signed permit the authorizer
 *     issued for it (a compact JWS bound to task, step, call, tool, argument hash and verdict); the
 *     tool refuses to act without it. Null on every other verdict and on verdicts recorded before
 *     permits. Never recorded in the ledger.
 * @param argumentProvenance each argument of the call by name, mapped to where its value came from:
 *     {@code fields}, {@code tool_result}, {@code untrusted} or {@code invented}; null when the
 *     request carried no sources (and on verdicts recorded before provenance)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyVerdict(
    @JsonProperty("outcome") Outcome outcome,
    @JsonProperty("determiningPolicies") List<String> determiningPolicies,
    @JsonProperty("requiredRoles") List<String> requiredRoles,
    @JsonProperty("bundleHash") String bundleHash,
    @JsonProperty("errors") List<String> errors,
    @JsonProperty("evaluationMicros") long evaluationMicros,
    @JsonProperty("pinnedBundleHash") String pinnedBundleHash,
    @JsonProperty("activeBundleHash") String activeBundleHash,
    @JsonProperty("pinnedOutcome") Outcome pinnedOutcome,
    @JsonProperty("activeOutcome") Outcome activeOutcome,
    @JsonProperty("shadow") ShadowVerdict shadow,
    @JsonProperty("erroringPolicies") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<PolicyError> erroringPolicies,
    @JsonProperty("failClosed") Boolean failClosed,
    @JsonProperty("cedarOutcome") Outcome cedarOutcome,
    @JsonProperty("facts") List<PolicyFact> facts,
    @JsonProperty("permit") String permit,
    @JsonProperty("argumentProvenance") Map<String, String> argumentProvenance) {

  public PolicyVerdict {
    determiningPolicies =
        determiningPolicies == null ? List.of() : List.copyOf(determiningPolicies);
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    errors = errors == null ? List.of() : List.copyOf(errors);
    erroringPolicies = erroringPolicies == null ? List.of() : List.copyOf(erroringPolicies);
    // Absent rather than false, so verdicts without the rule's intervention serialize as before.
    failClosed = Boolean.TRUE.equals(failClosed) ? Boolean.TRUE : null;
    facts = facts == null ? null : List.copyOf(facts);
    argumentProvenance =
        argumentProvenance == null
            ? null
            : Collections.unmodifiableMap(new TreeMap<>(argumentProvenance));
  }

  /**
   * What refused the call: the determining policies, or, when no policy decided (nothing permits
   * it, or the system of record has no such target), the verdict's own errors, so a refusal always
   * names its rule.
   */
  public String refusal() {
    if (!determiningPolicies.isEmpty()) {
      return "denied by " + determiningPolicies;
    }
    return errors.isEmpty()
        ? "denied: no policy permits it"
        : "denied: " + String.join("; ", errors);
  }

  /** This verdict with the facts it was decided on. */
  public PolicyVerdict withFacts(List<PolicyFact> decidedOn) {
    return toBuilder().facts(decidedOn).build();
  }

  /** This verdict carrying {@code signedPermit}; only an ALLOW verdict may carry one. */
  public PolicyVerdict withPermit(String signedPermit) {
    if (signedPermit != null && outcome != Outcome.ALLOW) {
      throw new IllegalArgumentException(
          "a permit is issued only on ALLOW, this verdict is " + outcome);
    }
    return toBuilder().permit(signedPermit).build();
  }

  /** This verdict with the provenance of its call's arguments. */
  public PolicyVerdict withArgumentProvenance(Map<String, String> provenance) {
    return toBuilder().argumentProvenance(provenance).build();
  }

  /** A verdict of one bundle alone (model routing, or where no second bundle was consulted). */
  public static PolicyVerdict of(
      Outcome outcome,
      List<String> determiningPolicies,
      List<String> requiredRoles,
      String bundleHash,
      List<String> errors,
      long evaluationMicros) {
    return builder(outcome, bundleHash)
        .determiningPolicies(determiningPolicies)
        .requiredRoles(requiredRoles)
        .errors(errors)
        .evaluationMicros(evaluationMicros)
        .build();
  }

  /** A verdict of {@code outcome} by {@code bundleHash}; the rest is empty until set. */
  public static Builder builder(Outcome outcome, String bundleHash) {
    return new Builder(outcome, bundleHash);
  }

  /** A builder holding every member of this verdict. */
  private Builder toBuilder() {
    Builder copy =
        builder(outcome, bundleHash)
            .determiningPolicies(determiningPolicies)
            .requiredRoles(requiredRoles)
            .errors(errors)
            .evaluationMicros(evaluationMicros)
            .pinned(pinnedBundleHash, pinnedOutcome)
            .active(activeBundleHash, activeOutcome)
            .shadow(shadow)
            .erroringPolicies(erroringPolicies)
            .facts(facts)
            .permit(permit)
            .argumentProvenance(argumentProvenance);
    copy.failClosed = failClosed;
    copy.cedarOutcome = cedarOutcome;
    return copy;
  }

  /** Builds a {@link PolicyVerdict}; members not set are empty (lists) or absent (null). */
  public static final class Builder {
    private final Outcome outcome;
    private final String bundleHash;
    private List<String> determiningPolicies;
    private List<String> requiredRoles;
    private List<String> errors;
    private long evaluationMicros;
    private String pinnedBundleHash;
    private Outcome pinnedOutcome;
    private String activeBundleHash;
    private Outcome activeOutcome;
    private ShadowVerdict shadow;
    private List<PolicyError> erroringPolicies;
    private Boolean failClosed;
    private Outcome cedarOutcome;
    private List<PolicyFact> facts;
    private String permit;
    private Map<String, String> argumentProvenance;

    private Builder(Outcome outcome, String bundleHash) {
      this.outcome = outcome;
      this.bundleHash = bundleHash;
    }

    /** See {@link PolicyVerdict#determiningPolicies()}. */
    public Builder determiningPolicies(List<String> policies) {
      this.determiningPolicies = policies;
      return this;
    }

    /** See {@link PolicyVerdict#requiredRoles()}. */
    public Builder requiredRoles(List<String> roles) {
      this.requiredRoles = roles;
      return this;
    }

    /** See {@link PolicyVerdict#errors()}. */
    public Builder errors(List<String> errors) {
      this.errors = errors;
      return this;
    }

    /** See {@link PolicyVerdict#evaluationMicros()}. */
    public Builder evaluationMicros(long micros) {
      this.evaluationMicros = micros;
      return this;
    }

    /** The pinned bundle and its own verdict, when pinned and active bundle were both consulted. */
    public Builder pinned(String bundleHash, Outcome outcome) {
      this.pinnedBundleHash = bundleHash;
      this.pinnedOutcome = outcome;
      return this;
    }

    /** The active bundle and its own verdict, as {@link #pinned}. */
    public Builder active(String bundleHash, Outcome outcome) {
      this.activeBundleHash = bundleHash;
      this.activeOutcome = outcome;
      return this;
    }

    /** See {@link PolicyVerdict#shadow()}. */
    public Builder shadow(ShadowVerdict shadow) {
      this.shadow = shadow;
      return this;
    }

    /** See {@link PolicyVerdict#erroringPolicies()}. */
    public Builder erroringPolicies(List<PolicyError> policies) {
      this.erroringPolicies = policies;
      return this;
    }

    /**
     * The fail-closed rule turned Cedar's {@code cedarOutcome} into this verdict; see {@link
     * PolicyVerdict#failClosed()}.
     */
    public Builder failedClosed(Outcome cedarOutcome) {
      this.failClosed = Boolean.TRUE;
      this.cedarOutcome = cedarOutcome;
      return this;
    }

    /** See {@link PolicyVerdict#facts()}. */
    public Builder facts(List<PolicyFact> facts) {
      this.facts = facts;
      return this;
    }

    /** See {@link PolicyVerdict#permit()}; only an ALLOW verdict carries one. */
    Builder permit(String signedPermit) {
      this.permit = signedPermit;
      return this;
    }

    /** See {@link PolicyVerdict#argumentProvenance()}. */
    Builder argumentProvenance(Map<String, String> provenance) {
      this.argumentProvenance = provenance;
      return this;
    }

    /** The verdict. */
    public PolicyVerdict build() {
      return new PolicyVerdict(
          outcome,
          determiningPolicies,
          requiredRoles,
          bundleHash,
          errors,
          evaluationMicros,
          pinnedBundleHash,
          activeBundleHash,
          pinnedOutcome,
          activeOutcome,
          shadow,
          erroringPolicies,
          failClosed,
          cedarOutcome,
          facts,
          permit,
          argumentProvenance);
    }
  }

  /**
   * A policy that failed to evaluate.
   *
   * @param policyId its {@code @id}
   * @param message Cedar's words, e.g. {@code integer overflow while attempting to multiply ...}
   */
  public record PolicyError(
      @JsonProperty("policyId") String policyId, @JsonProperty("message") String message) {}

  /**
   * What a shadow candidate decided for the same request. It never counts.
   *
   * @param bundleHash the candidate's id
   * @param outcome its verdict
   * @param determiningPolicies its determining policies
   * @param agrees whether it decided as the active bundle did (outcome, determining policies,
   *     roles)
   */
  public record ShadowVerdict(
      @JsonProperty("bundleHash") String bundleHash,
      @JsonProperty("outcome") Outcome outcome,
      @JsonProperty("determiningPolicies") List<String> determiningPolicies,
      @JsonProperty("agrees") boolean agrees) {

    public ShadowVerdict {
      determiningPolicies =
          determiningPolicies == null ? List.of() : List.copyOf(determiningPolicies);
    }
  }
}
