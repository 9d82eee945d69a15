package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

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
    @JsonProperty("determiningPolicies") List<String> determiningPolicies,
    @JsonProperty("approvedBy") String approvedBy,
    @JsonProperty("result") String result) {

  /** No model backend was permitted for the step's data: {@code refusedBy} are the policies. */
  public static StepRecord noBackend(int step, List<String> refusedBy) {
    return new StepRecord(step, null, null, null, null, Outcome.DENY, refusedBy, null, "denied");
  }

  /** The model answered: the task's final answer. */
  public static StepRecord answered(int step, String backend, String intent) {
    return new StepRecord(step, backend, intent, null, null, null, List.of(), null, "answered");
  }

  /** A proposed tool call and what became of it under the verdict that governed it. */
  public static StepRecord call(
      int step,
      Decision decision,
      ToolCall call,
      PolicyVerdict governing,
      String approvedBy,
      String result) {
    return new StepRecord(
        step,
        decision.provenance().backend(),
        decision.intent(),
        call.tool(),
        call.target(),
        governing == null ? null : governing.outcome(),
        governing == null ? List.of() : governing.determiningPolicies(),
        approvedBy,
        result);
  }
}
