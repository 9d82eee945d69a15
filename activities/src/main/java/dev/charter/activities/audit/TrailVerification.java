package dev.charter.activities.audit;

import dev.charter.activities.audit.LedgerCheckpoints.CheckpointVerification;
import java.util.List;

/**
 * Everything {@link AuditTrail#verify} checked for one task.
 *
 * @param taskId the task
 * @param valid true when the chain, the checkpoints and the history cross-check all hold
 * @param chain the recomputed hash chain
 * @param checkpoints the signed checkpoints of the task's heads, and the witness compared with
 * @param receipts the decision receipts stored for the task's verdicts
 * @param history disagreements between ledger and Temporal history, first broken link first; null
 *     when the history was not checked
 * @param firstBrokenLink the first problem found, in the order chain, checkpoints, receipts,
 *     history; null when valid
 */
public record TrailVerification(
    String taskId,
    boolean valid,
    ChainVerification chain,
    CheckpointVerification checkpoints,
    ReceiptVerification receipts,
    List<String> history,
    String firstBrokenLink) {}
