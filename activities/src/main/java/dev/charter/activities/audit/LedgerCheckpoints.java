package dev.charter.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * the private key, which the database never sees.
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
  private static final String SELECT_FOR_TASK =
      "SELECT k.number, k.jws FROM audit_checkpoint k JOIN audit_checkpoint_head h"
          + " ON h.checkpoint_number = k.number WHERE h.task_id = ? ORDER BY k.number";

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
        if (before == null || before != head.seq()) {
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

  /**
   * Checks {@code entries} (a task's recorded chain, in seq order) against every checkpoint that
   * signed a head of that task: each signature must verify with {@code publicKey}, and the ledger
   * must still hold the signed seq with the signed hash. Reports the first disagreement, which
   * catches a truncated tail ("ledger ends at seq 17") and a consistently rewritten chain ("seq 19
   * has hash cd34…, checkpoint 3 signed ab12…").
   */
  public CheckpointVerification verify(
      String taskId, List<LedgerEntry> entries, PublicKey publicKey) {
    Map<Long, String> hashes = new HashMap<>();
    entries.forEach(e -> hashes.put(e.seq(), e.hash()));
    long lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
    List<String[]> checkpoints = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_FOR_TASK)) {
      select.setString(1, taskId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          checkpoints.add(new String[] {Long.toString(rows.getLong(1)), rows.getString(2)});
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("checkpoint read of task `" + taskId + "` failed", e);
    }
    long signedSeq = 0;
    for (String[] row : checkpoints) {
      String number = row[0];
      JsonNode payload;
      try {
        payload = Jws.verify(row[1], publicKey);
      } catch (IllegalArgumentException e) {
        return CheckpointVerification.broken(
            checkpoints.size(), null, "checkpoint " + number + ": " + e.getMessage());
      }
      if (!number.equals(payload.path("number").asText())) {
        return CheckpointVerification.broken(
            checkpoints.size(),
            null,
            "checkpoint "
                + number
                + ": its signed payload says number "
                + payload.path("number").asText());
      }
      JsonNode head = null;
      for (JsonNode candidate : payload.path("heads")) {
        if (taskId.equals(candidate.path("taskId").asText())) {
          head = candidate;
        }
      }
      if (head == null) {
        return CheckpointVerification.broken(
            checkpoints.size(),
            null,
            "checkpoint "
                + number
                + ": indexed for this task, but its signed heads do not name it");
      }
      long seq = head.path("seq").asLong();
      String hash = head.path("hash").asText();
      if (seq > lastSeq) {
        return CheckpointVerification.broken(
            checkpoints.size(),
            seq,
            "checkpoint "
                + number
                + " signed seq "
                + seq
                + " (hash "
                + abbreviate(hash)
                + "), but the ledger ends at seq "
                + lastSeq
                + ": the chain was truncated");
      }
      String recorded = hashes.get(seq);
      if (!hash.equals(recorded)) {
        return CheckpointVerification.broken(
            checkpoints.size(),
            seq,
            "checkpoint "
                + number
                + " signed seq "
                + seq
                + " with hash "
                + abbreviate(hash)
                + ", the ledger's seq "
                + seq
                + " has "
                + (recorded == null ? "no row" : "hash " + abbreviate(recorded))
                + ": the chain was rewritten");
      }
      signedSeq = Math.max(signedSeq, seq);
    }
    return new CheckpointVerification(true, checkpoints.size(), signedSeq, null, null);
  }

  private static String abbreviate(String hash) {
    return hash == null || hash.length() < 12 ? String.valueOf(hash) : hash.substring(0, 12) + "…";
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
   * A task's chain checked against its signed checkpoints.
   *
   * @param valid true when every checkpoint verifies and agrees with the ledger
   * @param checkpoints how many checkpoints signed a head of the task
   * @param signedSeq the highest seq a checkpoint signed (0 when none), or the seq in question when
   *     broken
   * @param brokenSeq the seq a checkpoint disagrees about, or null
   * @param problem what is wrong, or null
   */
  public record CheckpointVerification(
      boolean valid, int checkpoints, long signedSeq, Long brokenSeq, String problem) {

    static CheckpointVerification broken(int checkpoints, Long seq, String problem) {
      return new CheckpointVerification(false, checkpoints, seq == null ? 0 : seq, seq, problem);
    }
  }
}
