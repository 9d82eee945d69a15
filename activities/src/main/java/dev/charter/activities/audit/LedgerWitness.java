package dev.charter.activities.audit;

import java.util.List;
import java.util.Optional;

/**
 * A copy of the signed checkpoints kept outside the ledger database, so that whoever can rewrite
 * that database (truncate a chain, empty the checkpoint tables, re-insert a recomputed chain)
 * cannot rewrite the evidence against it. {@link LedgerCheckpoints#witness} hands it every new
 * checkpoint; {@link LedgerCheckpoints#verify} compares the ledger with it. Implementations are
 * append-only: a checkpoint once witnessed is never replaced.
 */
public interface LedgerWitness {

  /** Where the witness keeps its copy, for messages: e.g. {@code witness file /srv/w.jsonl}. */
  String name();

  /** Every witnessed checkpoint, in the order received (number order). */
  List<StoredCheckpoint> checkpoints();

  /** The last witnessed checkpoint, if any. */
  default Optional<StoredCheckpoint> last() {
    List<StoredCheckpoint> all = checkpoints();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Keeps {@code checkpoint}; durable when this returns.
   *
   * @throws IllegalStateException if it cannot be kept (the caller retries on its next run)
   */
  void witness(StoredCheckpoint checkpoint);

  /**
   * A signed checkpoint as stored: its number and its JWS (compact serialization).
   *
   * @param number the checkpoint number, from 1
   * @param jws the signed checkpoint
   */
  record StoredCheckpoint(long number, String jws) {}
}
