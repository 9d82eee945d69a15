package dev.charter.activities.audit;

/**
 * An append carried an event whose (task, seq) is already recorded with different content: the
 * ledger never overwrites, so the caller has a bug or a forked history, and retrying cannot help.
 */
public final class LedgerConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String taskId;
  private final long seq;

  /** Creates the exception for {@code taskId} at {@code seq} with the two hashes that differ. */
  public LedgerConflictException(
      String taskId, long seq, String recordedHash, String appendedHash) {
    super(
        "ledger conflict: task `"
            + taskId
            + "` seq "
            + seq
            + " is already recorded with different content (recorded hash "
            + recordedHash
            + ", appended hash "
            + appendedHash
            + ")");
    this.taskId = taskId;
    this.seq = seq;
  }

  /** The task whose chain already holds a different event. */
  public String taskId() {
    return taskId;
  }

  /** The seq at which the recorded event differs. */
  public long seq() {
    return seq;
  }
}
