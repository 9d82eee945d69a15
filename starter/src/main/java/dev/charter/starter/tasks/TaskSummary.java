package dev.charter.starter.tasks;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.charter.contract.TaskState;
import java.time.Instant;

/**
 * One task as a list shows it.
 *
 * @param taskId the task (workflow) id
 * @param tenant the tenant it acts for
 * @param profile the agent profile
 * @param riskTier LOW, MEDIUM or HIGH
 * @param state where it is
 * @param step the current (or last) step
 * @param backend the backend that answered its last decision, or null before the first
 * @param pendingApprovalId the approval it waits for, or null
 * @param pendingTool the tool call waiting for that approval, or null
 * @param requestedBy who asked for it
 * @param startedAt when it was pinned
 * @param updatedAt when its last ledger event was recorded
 * @param endedAt when it ended, or null
 */
public record TaskSummary(
    @JsonProperty("taskId") String taskId,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("profile") String profile,
    @JsonProperty("riskTier") String riskTier,
    @JsonProperty("state") TaskState state,
    @JsonProperty("step") int step,
    @JsonProperty("backend") String backend,
    @JsonProperty("pendingApprovalId") String pendingApprovalId,
    @JsonProperty("pendingTool") String pendingTool,
    @JsonProperty("requestedBy") String requestedBy,
    @JsonProperty("startedAt") Instant startedAt,
    @JsonProperty("updatedAt") Instant updatedAt,
    @JsonProperty("endedAt") Instant endedAt) {}
