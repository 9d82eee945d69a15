package dev.charter.worker;

import dev.charter.activities.audit.LedgerCheckpoints;
import dev.charter.activities.audit.LedgerSigningKey;
import dev.charter.activities.audit.LedgerWitness;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a checkpoint of the ledger's chain heads every {@code charter.audit.checkpoint-interval}
 * (checked positive at bind time, {@link AuditProperties}) and once more on shutdown, and hands
 * every checkpoint the witness does not hold yet to the witness. Several processes may run one: the
 * checkpoint number is the arbiter, a loser writes nothing, and each witness catches up on all.
 */
final class LedgerCheckpointer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerCheckpointer.class);

  private final LedgerCheckpoints checkpoints;
  private final LedgerSigningKey key;
  private final LedgerWitness witness;
  private final ScheduledExecutorService scheduler;

  LedgerCheckpointer(
      LedgerCheckpoints checkpoints,
      LedgerSigningKey key,
      LedgerWitness witness,
      Duration interval) {
    this.checkpoints = checkpoints;
    this.key = key;
    this.witness = witness;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "charter-ledger-checkpoint");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(
        this::checkpointQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void checkpointQuietly() {
    try {
      checkpoints.checkpoint(key);
    } catch (RuntimeException e) {
      // The next run retries; the ledger itself is unaffected.
      LOG.warn(
          "event=ledger_checkpoint_failed error=\"{}\" action=\"check the ledger database\"",
          e.getMessage());
    }
    try {
      checkpoints.witness(witness);
    } catch (RuntimeException e) {
      // The next run hands over every checkpoint the witness still lacks.
      LOG.warn(
          "event=ledger_witness_failed witness=\"{}\" error=\"{}\" action=\"check the"
              + " witness\"",
          witness.name(),
          e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    checkpointQuietly();
  }
}
