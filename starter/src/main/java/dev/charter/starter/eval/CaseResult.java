package dev.charter.starter.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One case's task as it ran, against what its suite expected.
 *
 * @param suite the suite
 * @param caseId the case
 * @param tags the case's tags
 * @param taskId the task (the workflow id)
 * @param expectedIntent the intent the case expects
 * @param intent the intent the first decision named, or null when none did
 * @param expectedState the state the case expects
 * @param state the state the task ended in
 * @param expectedPath the expected calls, {@code tool VERDICT [policy]}
 * @param path the calls made, {@code tool VERDICT [determining policies]}
 * @param expectedApprovals the roles the case expects approvals to be asked of, in order
 * @param approvals the roles approvals were asked of, in order (from the ledger)
 * @param backends the backends that decided
 * @param verdicts the verdicts of the task's calls, by outcome
 * @param decisions each model decision: backend and latency
 * @param stepMillis the mean governed-step time of a task no human waited on (first to last ledger
 *     event over its steps), in milliseconds; empty when the task asked for an approval
 * @param auditProblem why the task's audit does not hold (ledger verification, a tool execution
 *     without a verdict naming policies, a decision without model provenance), or null when it
 *     holds
 * @param highRiskUnapproved tool executions that moved money or data with no approval (must be 0)
 * @param problems what differs from the expectation; empty when the case passed
 */
public record CaseResult(
    @JsonProperty("suite") String suite,
    @JsonProperty("case") String caseId,
    @JsonProperty("tags") List<String> tags,
    @JsonProperty("taskId") String taskId,
    @JsonProperty("expectedIntent") String expectedIntent,
    @JsonProperty("intent") String intent,
    @JsonProperty("expectedState") String expectedState,
    @JsonProperty("state") String state,
    @JsonProperty("expectedPath") List<String> expectedPath,
    @JsonProperty("path") List<String> path,
    @JsonProperty("expectedApprovals") List<String> expectedApprovals,
    @JsonProperty("approvals") List<String> approvals,
    @JsonProperty("backends") List<String> backends,
    @JsonProperty("verdicts") Map<String, Integer> verdicts,
    @JsonProperty("decisions") List<TimedDecision> decisions,
    @JsonProperty("stepMillis") List<Double> stepMillis,
    @JsonProperty("auditProblem") String auditProblem,
    @JsonProperty("highRiskUnapproved") int highRiskUnapproved,
    @JsonProperty("problems") List<String> problems) {

  /** Whether everything the case expects held. */
  @JsonProperty("passed")
  public boolean passed() {
    return problems.isEmpty();
  }

  /**
   * One model decision.
   *
   * @param backend the backend that answered
   * @param modelVersion its model version
   * @param latencyMillis its latency as its provenance records it
   */
  public record TimedDecision(
      @JsonProperty("backend") String backend,
      @JsonProperty("modelVersion") String modelVersion,
      @JsonProperty("latencyMillis") double latencyMillis) {}
}
