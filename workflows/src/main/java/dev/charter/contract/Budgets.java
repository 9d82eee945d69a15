package dev.charter.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Limits a task stops at, cleanly and audited.
 *
 * @param maxSteps steps
 * @param maxTokens model tokens, input and output
 * @param maxCostUsd model cost
 * @param maxWallClockSeconds wall clock from start, approval waits included
 * @param approvalTimeoutSeconds how long a pending approval waits before it counts as rejected
 */
public record Budgets(
    @JsonProperty("maxSteps") int maxSteps,
    @JsonProperty("maxTokens") long maxTokens,
    @JsonProperty("maxCostUsd") double maxCostUsd,
    @JsonProperty("maxWallClockSeconds") long maxWallClockSeconds,
    @JsonProperty("approvalTimeoutSeconds") long approvalTimeoutSeconds) {}
