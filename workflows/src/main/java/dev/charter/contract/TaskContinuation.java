package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a long task carries into its next run when it continues as new: its progress and where its
 * ledger chain stands, so the next run appends where the last one stopped and every budget keeps
 * counting.
 *
 * @param progress the task's progress at the step boundary
 * @param nextSeq the ledger sequence number the next fact takes
 * @param auditEvents events appended so far
 * @param auditHead hash of the last appended event
 * @param usedApprovalTokens ids of every approval token accepted so far (each is accepted once)
 * @param run how many runs the task has had before this one
 */
public record TaskContinuation(
    @JsonProperty("progress") TaskProgress progress,
    @JsonProperty("nextSeq") long nextSeq,
    @JsonProperty("auditEvents") long auditEvents,
    @JsonProperty("auditHead") String auditHead,
    @JsonProperty("usedApprovalTokens") List<String> usedApprovalTokens,
    @JsonProperty("run") int run) {

  public TaskContinuation {
    usedApprovalTokens = usedApprovalTokens == null ? List.of() : List.copyOf(usedApprovalTokens);
  }
}
