package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code status} query's answer, and the workflow's result when the task ends.
 *
 * @param taskId the task
 * @param state where it is
 * @param step the current (or last) step
 * @param pin what was pinned at start, null before
 * @param pendingApproval the approval waited for, or null
 * @param path the governed path so far
 * @param stepsUsed steps used
 * @param tokensUsed tokens used
 * @param costUsd model cost so far
 * @param backends backends that answered, in first-use order
 * @param compensations compensations run, in order
 * @param finalAnswer the answer, when completed
 * @param reason why it ended, when not completed
 * @param auditEvents events appended to the ledger
 * @param auditHead hash of the last ledger event
 */
public record TaskStatus(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("state") TaskState state,
    @JsonProperty("step") int step,
    @JsonProperty("pin") TaskPin pin,
    @JsonProperty("pendingApproval") PendingApproval pendingApproval,
    @JsonProperty("path") List<StepRecord> path,
    @JsonProperty("stepsUsed") int stepsUsed,
    @JsonProperty("tokensUsed") long tokensUsed,
    @JsonProperty("costUsd") double costUsd,
    @JsonProperty("backends") List<String> backends,
    @JsonProperty("compensations") List<String> compensations,
    @JsonProperty("finalAnswer") String finalAnswer,
    @JsonProperty("reason") String reason,
    @JsonProperty("auditEvents") long auditEvents,
    @JsonProperty("auditHead") String auditHead) {

  public TaskStatus {
    path = path == null ? List.of() : List.copyOf(path);
    backends = backends == null ? List.of() : List.copyOf(backends);
    compensations = compensations == null ? List.of() : List.copyOf(compensations);
  }
}
