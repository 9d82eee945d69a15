package dev.charter.activities.audit;

/**
 * The result of recomputing a task's chain.
 *
 * @param valid true when every hash and every prev link recomputes and no seq is missing
 * @param events how many events are recorded for the task
 * @param headHash the stored hash of the last recorded event, or null when there is none
 * @param firstBrokenSeq the first seq where the chain breaks, or null when valid
 * @param problem what is wrong at that seq, e.g. {@code "seq 3: hash mismatch"}, or null when valid
 */
public record ChainVerification(
    boolean valid, long events, String headHash, Long firstBrokenSeq, String problem) {}
