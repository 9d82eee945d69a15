package dev.charter.activities.audit;

/**
 * A task's stored decision receipts checked against the ledger: each must verify with a trusted key
 * ({@link DecisionReceipts#verify(String, TrustedKeys)}), name the seq it is stored under, and sign
 * the hash the ledger holds at that seq.
 *
 * @param valid true when every stored receipt holds
 * @param receipts how many receipts are stored for the task
 * @param verdicts how many verdict events the task has
 * @param brokenSeq the seq of the first receipt that does not hold, or null
 * @param problem what is wrong with it, or null
 */
public record ReceiptVerification(
    boolean valid, int receipts, int verdicts, Long brokenSeq, String problem) {}
