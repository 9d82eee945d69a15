package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.activities.audit.LedgerWitness.StoredCheckpoint;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed checkpoints of chain heads. A checkpoint is a JWS ({@link Jws}, EdDSA) whose payload
 * lists, for every task whose chain grew since the previous checkpoint, its head (seq, hash); the
 * payload also names its number and the SHA-256 of the previous checkpoint's JWS, so checkpoints
 * form a chain of their own.
 *
 * <p>The chain hash alone cannot show a database admin who truncates a task's tail, or rewrites a
 * whole chain and recomputes every hash: both leave a valid chain. A signed head can: the ledger
 * must still hold the checkpointed seq with the checkpointed hash, and forging a checkpoint needs
 * the private key, which the database never sees. An admin who also empties the checkpoint tables
 * (and lets the worker sign the forged heads anew) is caught by the {@link LedgerWitness}, which
 * holds a copy of every checkpoint outside the database ({@link #witness}, {@link #verify(String,
 * List, TrustedKeys, LedgerWitness)}).
 */
public final class LedgerCheckpoints {

  /** The JWS {@code typ} of checkpoints. */
  public static final String TYP = "charter.ledger-checkpoint+jws";

  private static final Logger LOG = LoggerFactory.getLogger(LedgerCheckpoints.class);

  private static final String SELECT_HEADS =
      "SELECT e.task_id, e.seq, e.hash FROM audit_event e JOIN (SELECT task_id, MAX(seq) AS m"
          + " FROM audit_event GROUP BY task_id) h ON e.task_id = h.task_id AND e.seq = h.m";
  private static final String SELECT_CHECKPOINTED_HEADS =
      "SELECT c.task_id, c.seq FROM audit_checkpoint_head c JOIN (SELECT task_id,"
          + " MAX(checkpoint_number) AS n FROM audit_checkpoint_head GROUP BY task_id) l"
          + " ON c.task_id = l.task_id AND c.checkpoint_number = l.n";
  private static final String SELECT_LAST =
      "SELECT number, jws FROM audit_checkpoint ORDER BY number DESC LIMIT 1";
  private static final String INSERT_CHECKPOINT =
      "INSERT INTO audit_checkpoint (number, created_at, key_id, jws) VALUES (?, ?, ?, ?)";
  private static final String INSERT_HEAD =
      "INSERT INTO audit_checkpoint_head (checkpoint_number, task_id, seq, hash)"
          + " VALUES (?, ?, ?, ?)";
  private static final String SELECT_AFTER =
      "SELECT number, jws FROM audit_checkpoint WHERE number > ? ORDER BY number";

  private final DataSource dataSource;
  private final Clock clock;

  /** Checkpoints over the ledger in {@code dataSource} ({@link AuditLedger#migrate} applied). */
  public LedgerCheckpoints(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Signs the heads of every chain that grew since the last checkpoint, in one transaction. Returns
   * empty when no chain grew, or when another writer took the same checkpoint number first (its
   * checkpoint covers the same heads or more).
   */
  public Optional<Checkpoint> checkpoint(LedgerSigningKey key) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Optional<Checkpoint> written = checkpointOnce(connection, key);
        connection.commit();
        return written;
      } catch (SQLException e) {
        connection.rollback();
        if ("23505".equals(e.getSQLState())) {
          LOG.debug("checkpoint race lost to another writer; its checkpoint stands");
          return Optional.empty();
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger checkpoint failed", e);
    }
  }

  private Optional<Checkpoint> checkpointOnce(Connection connection, LedgerSigningKey key)
      throws SQLException {
    Map<String, Long> checkpointed = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_CHECKPOINTED_HEADS);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        checkpointed.put(rows.getString(1), rows.getLong(2));
      }
    }
    TreeMap<String, Head> grown = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_HEADS);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        Head head = new Head(rows.getString(1), rows.getLong(2), rows.getString(3));
        Long before = checkpointed.get(head.taskId());
        if (before != null && head.seq() < before) {
          // A head behind a signed one means rows were deleted: never sign the shortened chain.
          LOG.error(
              "event=ledger_head_went_back task={} signedSeq={} ledgerSeq={} action=\"run charter"
                  + " audit verify on the task; the chain was truncated\"",
              head.taskId(),
              before,
              head.seq());
        } else if (before == null || before != head.seq()) {
          grown.put(head.taskId(), head);
        }
      }
    }
    if (grown.isEmpty()) {
      return Optional.empty();
    }
    long number = 1;
    String prev = AuditLedger.GENESIS_HASH;
    try (PreparedStatement select = connection.prepareStatement(SELECT_LAST);
        ResultSet rows = select.executeQuery()) {
      if (rows.next()) {
        number = rows.getLong(1) + 1;
        prev = Sha256.hex(rows.getString(2));
      }
    }
    Instant now = clock.instant();
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("number", number);
    payload.put("prev", prev);
    payload.put("createdAt", now.toString());
    ArrayNode heads = payload.putArray("heads");
    grown
        .values()
        .forEach(
            h ->
                heads
                    .addObject()
                    .put("taskId", h.taskId())
                    .put("seq", h.seq())
                    .put("hash", h.hash()));
    String jws = Jws.sign(key, TYP, payload);
    try (PreparedStatement insert = connection.prepareStatement(INSERT_CHECKPOINT)) {
      insert.setLong(1, number);
      insert.setTimestamp(2, Timestamp.from(now));
      insert.setString(3, key.keyId());
      insert.setString(4, jws);
      insert.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_HEAD)) {
      for (Head head : grown.values()) {
        insert.setLong(1, number);
        insert.setString(2, head.taskId());
        insert.setLong(3, head.seq());
        insert.setString(4, head.hash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    LOG.info(
        "event=ledger_checkpoint number={} heads={} keyId={} jwsSha256={}",
        number,
        grown.size(),
        key.keyId(),
        Sha256.hex(jws));
    return Optional.of(new Checkpoint(number, now, List.copyOf(grown.values()), jws));
  }

  /** The ledger's record of the keys its checkpoints and receipts were signed with. */
  public LedgerKeyRotations keyRotations() {
    return new LedgerKeyRotations(dataSource, clock);
  }

  /** Every checkpoint the ledger holds, in number order. */
  public List<StoredCheckpoint> stored() {
    return stored(0);
  }

  private List<StoredCheckpoint> stored(long afterNumber) {
    List<StoredCheckpoint> stored = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_AFTER)) {
      select.setLong(1, afterNumber);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          stored.add(new StoredCheckpoint(rows.getLong(1), rows.getString(2)));
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("checkpoint read failed", e);
    }
    return stored;
  }

  /**
   * Hands {@code witness} every checkpoint it does not hold yet, in number order, so a run that
   * failed to reach it is caught up by the next. Refuses (logged, nothing written) when the
   * ledger's copy of the witness's last checkpoint is gone or differs: the checkpoint tables were
   * rewritten, and the witness must keep the evidence of that.
   *
   * @return how many checkpoints were handed over
   */
  public int witness(LedgerWitness witness) {
    Optional<StoredCheckpoint> last = witness.last();
    long after = last.map(StoredCheckpoint::number).orElse(0L);
    List<StoredCheckpoint> fresh = stored(last.isEmpty() ? 0 : after - 1);
    if (last.isPresent()) {
      if (fresh.isEmpty() || !fresh.get(0).equals(last.get())) {
        LOG.error(
            "event=ledger_witness_diverged checkpoint={} witness=\"{}\" action=\"the ledger's"
                + " checkpoint {} is gone or differs from the witness's copy: the checkpoint tables"
                + " were rewritten; run charter audit verify with the witness\"",
            after,
            witness.name(),
            after);
        return 0;
      }
      fresh = fresh.subList(1, fresh.size());
    }
    for (StoredCheckpoint checkpoint : fresh) {
      witness.witness(checkpoint);
    }
    return fresh.size();
  }

  /**
   * Checks {@code entries} (a task's recorded chain, in seq order) against the signed checkpoints,
   * as {@link #verify(String, List, TrustedKeys, LedgerWitness)} does without a witness and with
   * {@code publicKey} as the one trusted key.
   */
  public CheckpointVerification verify(
      String taskId, List<LedgerEntry> entries, PublicKey publicKey) {
    return verify(taskId, entries, TrustedKeys.of(publicKey), null);
  }

  /**
   * Checks {@code entries} (a task's recorded chain, in seq order) against the signed checkpoints.
   * The ledger's checkpoints and the witness's are each verified as a chain ({@link
   * CheckpointChain}: trusted signatures, no gap, prev links, heads moving forward); every
   * checkpoint the witness holds must be in the ledger byte for byte; and the ledger must still
   * hold each head of the task that a checkpoint signed, with the signed hash. The witness's
   * checkpoints are the evidence, the ledger's only count beyond the witness's last. Reports the
   * first disagreement, which catches a truncated tail ("ledger ends at seq 17"), a consistently
   * rewritten chain ("seq 19 has hash cd34…, checkpoint 3 signed ab12…") and, with a witness,
   * emptied or re-signed checkpoint tables.
   *
   * @param witness the witness to compare with, or null to check the ledger's checkpoints alone
   */
  public CheckpointVerification verify(
      String taskId, List<LedgerEntry> entries, TrustedKeys keys, LedgerWitness witness) {
    Map<Long, String> hashes = new HashMap<>();
    entries.forEach(e -> hashes.put(e.seq(), e.hash()));
    long lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    List<StoredCheckpoint> stored = stored();
    CheckpointChain ledgerChain = CheckpointChain.verify("ledger", stored, keys);
    List<StoredCheckpoint> witnessed = witness == null ? List.of() : witness.checkpoints();
    CheckpointChain witnessChain =
        witness == null ? null : CheckpointChain.verify(witness.name(), witnessed, keys);

    List<CheckpointChain.Signed> evidence = new ArrayList<>();
    if (witnessChain != null) {
      evidence.addAll(witnessChain.checkpoints());
    }
    long witnessedUpTo = evidence.size();
    ledgerChain.checkpoints().stream()
        .filter(c -> c.number() > witnessedUpTo)
        .forEach(evidence::add);

    int naming = 0;
    long signedSeq = 0;
    List<String> problems = new ArrayList<>();
    Long brokenSeq = null;
    for (CheckpointChain.Signed checkpoint : evidence) {
      Head head = checkpoint.heads().get(taskId);
      if (head == null) {
        continue;
      }
      naming++;
      String name =
          (checkpoint.number() <= witnessedUpTo ? "witnessed checkpoint " : "checkpoint ")
              + checkpoint.number();
      String recorded = hashes.get(head.seq());
      if (brokenSeq == null && head.seq() > lastSeq) {
        brokenSeq = head.seq();
        problems.add(
            name
                + " signed seq "
                + head.seq()
                + " (hash "
                + CheckpointChain.abbreviate(head.hash())
                + "), but the ledger ends at seq "
                + lastSeq
                + ": the chain was truncated");
      } else if (brokenSeq == null && !head.hash().equals(recorded)) {
        brokenSeq = head.seq();
        problems.add(
            name
                + " signed seq "
                + head.seq()
                + " with hash "
                + CheckpointChain.abbreviate(head.hash())
                + ", the ledger's seq "
                + head.seq()
                + " has "
                + (recorded == null ? "no row" : "hash " + CheckpointChain.abbreviate(recorded))
                + ": the chain was rewritten");
      }
      signedSeq = Math.max(signedSeq, head.seq());
    }
    if (!ledgerChain.valid()) {
      problems.add(ledgerChain.problem());
    }
    if (witnessChain != null && !witnessChain.valid()) {
      problems.add(witnessChain.problem());
    }
    if (witness != null) {
      Map<Long, String> inLedger = new HashMap<>();
      stored.forEach(c -> inLedger.put(c.number(), c.jws()));
      for (StoredCheckpoint copy : witnessed) {
        String jws = inLedger.get(copy.number());
        if (jws == null) {
          problems.add(
              "checkpoint "
                  + copy.number()
                  + " is in the "
                  + witness.name()
                  + " but not in the ledger: the checkpoint tables were emptied or cut");
          break;
        }
        if (!jws.equals(copy.jws())) {
          problems.add(
              "ledger: checkpoint "
                  + copy.number()
                  + " differs from the copy in the "
                  + witness.name()
                  + ": the checkpoint tables were rewritten");
          break;
        }
      }
    }
    return new CheckpointVerification(
        problems.isEmpty(),
        naming,
        brokenSeq != null ? brokenSeq : signedSeq,
        brokenSeq,
        problems.isEmpty() ? null : problems.get(0),
        stored.size(),
        witness == null ? null : witness.name(),
        witnessed.size());
  }

  /**
   * A chain head as signed.
   *
   * @param taskId the task
   * @param seq its last seq at checkpoint time
   * @param hash that event's hash
   */
  public record Head(String taskId, long seq, String hash) {}

  /**
   * A checkpoint written by {@link #checkpoint}.
   *
   * @param number its number, from 1
   * @param createdAt when it was signed
   * @param heads the heads it signed
   * @param jws the signed checkpoint, JWS compact serialization
   */
  public record Checkpoint(long number, Instant createdAt, List<Head> heads, String jws) {}

  /**
   * A task's chain checked against the signed checkpoints.
   *
   * @param valid true when both checkpoint chains verify, agree with each other, and agree with the
   *     ledger
   * @param checkpoints how many checkpoints signed a head of the task
   * @param signedSeq the highest seq a checkpoint signed (0 when none), or the seq in question when
   *     broken
   * @param brokenSeq the seq a checkpoint disagrees about, or null
   * @param problem what is wrong, or null
   * @param ledgerCheckpoints how many checkpoints the ledger holds
   * @param witness the witness compared with, or null when none was
   * @param witnessed how many checkpoints the witness holds
   */
  public record CheckpointVerification(
      boolean valid,
      int checkpoints,
      long signedSeq,
      Long brokenSeq,
      String problem,
      long ledgerCheckpoints,
      String witness,
      long witnessed) {}
}
