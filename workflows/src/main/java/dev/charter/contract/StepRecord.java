package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of a task's governed path: what happened to one proposed action.
 *
 * @param step the step
 * @param backend the backend that decided
 * @param intent the intent recognised
 * @param tool the tool proposed, or null for a final answer
 * @param target its target
 * @param outcome the verdict that counted, null for a final answer
 * @param determiningPolicies the policies that decided
 * @param approvedBy the approver, when approval was needed and given
 * @param result what happened: {@code done}, {@code denied}, {@code rejected}, {@code failed},
 *     {@code compensated}, {@code answered}
 */
public record StepRecord(
    @JsonProperty("step") int step,
    @JsonProperty("backend") String backend,
    @JsonProperty("intent") String intent,
    @JsonProperty("tool") String tool,
    @JsonProperty("target") String target,
    @JsonProperty("outcome") Outcome outcome,
    @JsonProperty("determiningPolicies") java.util.List<String> determiningPolicies,
    @JsonProperty("approvedBy") String approvedBy,
    @JsonProperty("result") String result) {}
