package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The result of one Cedar authorization.
 *
 * @param outcome ALLOW, DENY or REQUIRE_APPROVAL
 * @param determiningPolicies the {@code @id}s of the policies that decided
 * @param requiredRoles roles whose approval would turn REQUIRE_APPROVAL into ALLOW
 * @param bundleHash sha-256 of the policy bundle that decided
 * @param errors evaluation errors; any error denies (fail closed)
 * @param evaluationMicros time the evaluation took
 */
public record PolicyVerdict(
    @JsonProperty("outcome") Outcome outcome,
    @JsonProperty("determiningPolicies") List<String> determiningPolicies,
    @JsonProperty("requiredRoles") List<String> requiredRoles,
    @JsonProperty("bundleHash") String bundleHash,
    @JsonProperty("errors") List<String> errors,
    @JsonProperty("evaluationMicros") long evaluationMicros) {

  public PolicyVerdict {
    determiningPolicies =
        determiningPolicies == null ? List.of() : List.copyOf(determiningPolicies);
    requiredRoles = requiredRoles == null ? List.of() : List.copyOf(requiredRoles);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
