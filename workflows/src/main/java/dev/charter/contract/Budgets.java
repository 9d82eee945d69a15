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
 * @param stepsPerRun steps one workflow run takes at most before the task continues as new,
 *     carrying its progress (it may continue sooner when Temporal suggests it); 0 on pins made
 *     before this bound, read as {@link #DEFAULT_STEPS_PER_RUN}
 */
public record Budgets(
    @JsonProperty("maxSteps") int maxSteps,
    @JsonProperty("maxTokens") long maxTokens,
    @JsonProperty("maxCostUsd") double maxCostUsd,
    @JsonProperty("maxWallClockSeconds") long maxWallClockSeconds,
    @JsonProperty("approvalTimeoutSeconds") long approvalTimeoutSeconds,
    @JsonProperty("stepsPerRun") int stepsPerRun) {

  /** Steps per run when a profile names none. */
  public static final int DEFAULT_STEPS_PER_RUN = 100;

  /** Limits with the default steps per run. */
  public Budgets(
      int maxSteps,
      long maxTokens,
      double maxCostUsd,
      long maxWallClockSeconds,
      long approvalTimeoutSeconds) {
    this(
        maxSteps,
        maxTokens,
        maxCostUsd,
        maxWallClockSeconds,
        approvalTimeoutSeconds,
        DEFAULT_STEPS_PER_RUN);
  }

  /** The steps a run takes at most: {@code stepsPerRun}, or the default on older pins. */
  public int runLength() {
    return stepsPerRun > 0 ? stepsPerRun : DEFAULT_STEPS_PER_RUN;
  }
}
