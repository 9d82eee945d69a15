package dev.charter.activities.audit;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit ledger: an append-only chain of events per task, where each event's hash covers the
 * previous one, so any edit, removal or reordering of a recorded event is detectable by {@link
 * #verify}.
 *
 * <p>{@code hash = Sha256.hex(prevHash + hashedContent)}, with {@code prevHash} of seq 1 = 64
 * zeros, where {@code hashedContent} is the canonical form of the event's envelope ({@link
 * CanonicalForm}): RFC 8785 for new rows, the legacy form for rows recorded before ledger V6, each
 * row naming its own. Null fields are left out of the envelope, so rows recorded before the origin
 * fields existed (ledger V3) keep their hashes. The database's primary key (task_id, seq) is the
 * arbiter between concurrent writers: a retried or racing append that finds its event already
 * recorded with the same hash skips it, with a different hash fails with {@link
 * LedgerConflictException}. READ COMMITTED is enough because a row is immutable once committed and
 * each insert depends only on its committed predecessor; a lost insert race surfaces as a duplicate
 * key, after which the whole append is re-run against the rows now committed.
 *
 * <p>This class has no UPDATE or DELETE path; the migrations add triggers refusing both, and the
 * worker's own database user may only SELECT and INSERT ({@link LedgerRoles}).
 */
public final class AuditLedger {

  /** The prev_hash of every chain's first event. */
  public static final String GENESIS_HASH = "0".repeat(64);

  private static final Logger LOG = LoggerFactory.getLogger(AuditLedger.class);

  /** Flyway history table of the ledger, separate so other migration sets can share the schema. */
  static final String HISTORY_TABLE = "flyway_ledger_history";

  /** How often one append re-runs after losing a race; more means pathological contention. */
  private static final int MAX_ATTEMPTS = 5;

  private static final int MAX_TASK_ID = 200;
  private static final int MAX_TYPE = 100;
  private static final int MAX_RUN_ID = 100;
  private static final int MAX_TRACE_ID = 64;

  private static final String SELECT_RANGE =
      "SELECT seq, hash FROM audit_event WHERE task_id = ? AND seq BETWEEN ? AND ? ORDER BY seq";
  private static final String SELECT_LAST_SEQ =
      "SELECT MAX(seq) FROM audit_event WHERE task_id = ?";
  private static final String INSERT =
      "INSERT INTO audit_event (task_id, seq, type, step, workflow_run_id, workflow_id,"
          + " activity_id, trace_id, payload, prev_hash, hash, canonical_form, schema_version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_TASK =
      "SELECT task_id, seq, type, step, workflow_run_id, workflow_id, activity_id, trace_id,"
          + " payload, prev_hash, hash, recorded_at, canonical_form, schema_version"
          + " FROM audit_event WHERE task_id = ? ORDER BY seq";
  private static final String SELECT_TASK_IDS =
      "SELECT DISTINCT task_id FROM audit_event ORDER BY task_id";

  private static final String SELECT_SEQS =
      "SELECT task_id, seq, type, step, workflow_run_id, workflow_id, activity_id, trace_id,"
          + " payload, prev_hash, hash, recorded_at, canonical_form, schema_version"
          + " FROM audit_event WHERE task_id = ? AND seq BETWEEN ? AND ? ORDER BY seq";
  private static final String INSERT_RECEIPT =
      "INSERT INTO audit_receipt (task_id, seq, key_id, jws) VALUES (?, ?, ?, ?)";
  private static final String SELECT_RECEIPTS =
      "SELECT seq, jws FROM audit_receipt WHERE task_id = ? ORDER BY seq";

  private final DataSource dataSource;
  private final LedgerSigningKey receiptKey;

  /**
   * Creates a ledger over {@code dataSource}, whose schema {@link #migrate} has prepared, that
   * signs no receipts (readers, tests).
   */
  public AuditLedger(DataSource dataSource) {
    this(dataSource, null);
  }

  /**
   * Creates a ledger that signs the decision receipt of every verdict it appends with {@code
   * receiptKey} and stores it with the event, in the same transaction: a receipt states what the
   * ledger held when the verdict was recorded, so rewriting the ledger later cannot yield one.
   */
  public AuditLedger(DataSource dataSource, LedgerSigningKey receiptKey) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.receiptKey = receiptKey;
  }

  /**
   * Brings the ledger schema up to date with the Flyway migrations under {@code db/ledger}: the
   * portable {@code common} set plus the append-only guard of the database in use ({@code h2} or
   * {@code postgresql}). History goes to {@code flyway_ledger_history}, so other migration sets may
   * live in the same schema with their own history table.
   *
   * @throws IllegalArgumentException if the database is neither H2 nor PostgreSQL
   */
  public static void migrate(DataSource dataSource) {
    flyway(dataSource, vendorLocation(dataSource));
  }

  /**
   * Migrates as {@link #migrate(DataSource)} does with the owner's {@code dataSource}, then sets up
   * {@code worker}, the user the worker connects as, with SELECT and INSERT only on the ledger's
   * evidence tables ({@link LedgerRoles}): UPDATE, DELETE and TRUNCATE are refused to it on both
   * databases, whatever the triggers.
   */
  public static void migrate(DataSource dataSource, LedgerRoles.WorkerRole worker) {
    String vendor = vendorLocation(dataSource);
    flyway(dataSource, vendor);
    LedgerRoles.grant(dataSource, worker, vendor);
  }

  private static void flyway(DataSource dataSource, String vendor) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/ledger/common", "classpath:db/ledger/" + vendor)
        .table(HISTORY_TABLE)
        // Another module's tables may already be in the schema; start the ledger's own history
        // below V1 so its migrations still run there.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        // Version ranges belong to lines of work (V20-V29 trust, V30-V39 operations), so a lower
        // version may land after a higher one: apply it on ledgers that already have the higher.
        .outOfOrder(true)
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  private static String vendorLocation(DataSource dataSource) {
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger migration: cannot reach the database", e);
    }
    return switch (product) {
      case "H2" -> "h2";
      case "PostgreSQL" -> "postgresql";
      default ->
          throw new IllegalArgumentException(
              "ledger migration: unsupported database `"
                  + product
                  + "`; supported: H2, PostgreSQL");
    };
  }

  /**
   * Appends events of one task with consecutive seqs, in one transaction. Events already recorded
   * with the same content are skipped, so a retried append is a no-op.
   *
   * @return the last event of {@code events} with its hash; it is the chain's head unless later
   *     events were already appended
   * @throws IllegalArgumentException if the batch is empty, mixes tasks, has non-consecutive seqs,
   *     an invalid field, or would leave a gap after the recorded chain (nothing is written)
   * @throws LedgerConflictException if an event's (task, seq) is recorded with different content
   * @throws LedgerStorageException if the database fails
   */
  public AuditReceipt append(List<AuditEvent> events) {
    return append(events, LedgerOrigin.NONE);
  }

  /**
   * Appends events of one task as {@link #append(List)} does, each carrying {@code origin}: where
   * in Temporal they stem from. The origin is hashed with the event, so a retry must bring the same
   * origin (a retried activity keeps its scheduled event id).
   */
  public AuditReceipt append(List<AuditEvent> events, LedgerOrigin origin) {
    List<Hashable> batch = validate(events, origin == null ? LedgerOrigin.NONE : origin);
    String taskId = batch.get(0).event().taskId();
    SQLException lastRace = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          AuditReceipt receipt = appendOnce(connection, batch);
          connection.commit();
          return receipt;
        } catch (SQLException e) {
          connection.rollback();
          if (!isLostRace(e)) {
            throw e;
          }
          lastRace = e;
          LOG.debug(
              "ledger append lost a race, re-reading task={} attempt={} sqlState={}",
              taskId,
              attempt,
              e.getSQLState());
        } catch (RuntimeException e) {
          connection.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw new LedgerStorageException("ledger append for task `" + taskId + "` failed", e);
      }
    }
    throw new LedgerStorageException(
        "ledger append for task `" + taskId + "` lost " + MAX_ATTEMPTS + " races in a row",
        lastRace);
  }

  private AuditReceipt appendOnce(Connection connection, List<Hashable> batch) throws SQLException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    AuditEvent first = batch.get(0).event();
    AuditEvent last = batch.get(batch.size() - 1).event();
    String taskId = first.taskId();
    Map<Long, String> recorded = recordedHashes(connection, taskId, first.seq() - 1, last.seq());

    String prevHash = first.seq() == 1 ? GENESIS_HASH : recorded.get(first.seq() - 1);
    if (prevHash == null) {
      long lastSeq = lastSeq(connection, taskId);
      throw new IllegalArgumentException(
          "ledger append for task `"
              + taskId
              + "`: gap: expected seq "
              + (lastSeq + 1)
              + ", got "
              + first.seq());
    }
    int inserted = 0;
    List<Long> verdicts = new ArrayList<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Hashable item : batch) {
        AuditEvent event = item.event();
        String hash = chainHash(prevHash, item.hashedContent());
        String recordedHash = recorded.get(event.seq());
        if (recordedHash != null) {
          if (!recordedHash.equals(hash)) {
            LOG.warn("ledger conflict task={} seq={}", taskId, event.seq());
            throw new LedgerConflictException(taskId, event.seq(), recordedHash, hash);
          }
        } else {
          insert.setString(1, taskId);
          insert.setLong(2, event.seq());
          insert.setString(3, event.type());
          insert.setInt(4, event.step());
          insert.setString(5, event.workflowRunId());
          insert.setString(6, item.origin().workflowId());
          insert.setString(7, item.origin().activityId());
          insert.setString(8, item.origin().traceId());
          insert.setString(9, item.payloadJson());
          insert.setString(10, prevHash);
          insert.setString(11, hash);
          insert.setString(12, CanonicalForm.current().column());
          insert.setInt(13, event.payload().schemaVersion());
          insert.executeUpdate();
          inserted++;
          if (AuditFact.VerdictRecorded.TYPE.equals(event.type())) {
            verdicts.add(event.seq());
          }
        }
        prevHash = hash;
      }
    }
    if (receiptKey != null && !verdicts.isEmpty()) {
      storeReceipts(connection, taskId, verdicts);
    }
    LOG.debug(
        "ledger append task={} seqs={}..{} inserted={} skipped={}",
        taskId,
        first.seq(),
        last.seq(),
        inserted,
        batch.size() - inserted);
    return new AuditReceipt(taskId, last.seq(), prevHash);
  }

  /** Signs the verdicts just inserted, read back as stored (with their recorded_at). */
  private void storeReceipts(Connection connection, String taskId, List<Long> seqs)
      throws SQLException {
    List<LedgerEntry> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_SEQS)) {
      select.setString(1, taskId);
      select.setLong(2, seqs.get(0));
      select.setLong(3, seqs.get(seqs.size() - 1));
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(entry(result));
        }
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_RECEIPT)) {
      for (LedgerEntry row : rows) {
        if (seqs.contains(row.seq())) {
          insert.setString(1, taskId);
          insert.setLong(2, row.seq());
          insert.setString(3, receiptKey.keyId());
          insert.setString(4, DecisionReceipts.issue(row, receiptKey));
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  /**
   * The decision receipts stored for {@code taskId}'s verdicts, by seq (signed at append; verdicts
   * recorded before ledger V22 have none).
   */
  public Map<Long, String> receipts(String taskId) {
    Map<Long, String> receipts = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_RECEIPTS)) {
      select.setString(1, taskId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          receipts.put(rows.getLong(1), rows.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("receipt read of task `" + taskId + "` failed", e);
    }
    return receipts;
  }

  private static LedgerEntry entry(ResultSet rows) throws SQLException {
    return new LedgerEntry(
        rows.getString(1),
        rows.getLong(2),
        rows.getString(3),
        rows.getInt(4),
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        rows.getString(8),
        rows.getString(9),
        rows.getString(10),
        rows.getString(11),
        rows.getObject(12, OffsetDateTime.class).toInstant(),
        rows.getString(13),
        rows.getObject(14, Integer.class));
  }

  private static Map<Long, String> recordedHashes(
      Connection connection, String taskId, long fromSeq, long toSeq) throws SQLException {
    Map<Long, String> hashes = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT_RANGE)) {
      select.setString(1, taskId);
      select.setLong(2, fromSeq);
      select.setLong(3, toSeq);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          hashes.put(rows.getLong(1), rows.getString(2));
        }
      }
    }
    return hashes;
  }

  private static long lastSeq(Connection connection, String taskId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT_LAST_SEQ)) {
      select.setString(1, taskId);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * A duplicate key means another writer committed the same (task, seq) first; a serialization
   * failure or deadlock means the database aborted us in its favour. Either way re-reading the
   * committed rows settles the outcome.
   */
  private static boolean isLostRace(SQLException error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && next != t && isLostRace(next)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The last recorded seq of {@code taskId}, 0 when it has no events. */
  public long lastSeq(String taskId) {
    try (Connection connection = dataSource.getConnection()) {
      return lastSeq(connection, taskId);
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger read of task `" + taskId + "` failed", e);
    }
  }

  /** Returns every recorded event of {@code taskId} in seq order (empty if none). */
  public List<LedgerEntry> events(String taskId) {
    List<LedgerEntry> entries = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_TASK)) {
      select.setString(1, taskId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries.add(entry(rows));
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger read of task `" + taskId + "` failed", e);
    }
    return entries;
  }

  /**
   * Recomputes the chain of {@code taskId}: every hash from its stored content and prev_hash, every
   * prev_hash against the previous event's hash, and seq continuity from 1. Reports the first
   * break, e.g. {@code "seq 3: hash mismatch"}, {@code "seq 4: prev_hash does not match seq 3"},
   * {@code "gap: seq 5 missing"}. A task without events is a valid empty chain.
   */
  public ChainVerification verify(String taskId) {
    List<LedgerEntry> entries = events(taskId);
    String headHash = entries.isEmpty() ? null : entries.get(entries.size() - 1).hash();
    long expectedSeq = 1;
    String expectedPrev = GENESIS_HASH;
    for (LedgerEntry entry : entries) {
      String problem = problemOf(entry, expectedSeq, expectedPrev);
      if (problem != null) {
        long brokenSeq = entry.seq() != expectedSeq ? expectedSeq : entry.seq();
        return new ChainVerification(false, entries.size(), headHash, brokenSeq, problem);
      }
      expectedSeq = entry.seq() + 1;
      expectedPrev = entry.hash();
    }
    return new ChainVerification(true, entries.size(), headHash, null, null);
  }

  private static String problemOf(LedgerEntry entry, long expectedSeq, String expectedPrev) {
    if (entry.seq() != expectedSeq) {
      return "gap: seq " + expectedSeq + " missing";
    }
    CanonicalForm form;
    try {
      form = CanonicalForm.ofColumn(entry.canonicalForm());
    } catch (IllegalArgumentException e) {
      return "seq " + entry.seq() + ": " + e.getMessage();
    }
    String recomputed;
    try {
      // Compare the stored text too: the hash covers the canonical form, so a stored payload
      // that differs from it in any byte has been altered after hashing.
      if (!form.payload(CanonicalJson.parse(entry.payloadJson())).equals(entry.payloadJson())) {
        return "seq " + entry.seq() + ": hash mismatch (payload is not in canonical form)";
      }
      recomputed = chainHash(entry.prevHash(), entry.hashedContent());
    } catch (IllegalArgumentException e) {
      return "seq " + entry.seq() + ": hash mismatch (payload is not valid JSON)";
    }
    if (!recomputed.equals(entry.hash())) {
      return "seq " + entry.seq() + ": hash mismatch";
    }
    if (!expectedPrev.equals(entry.prevHash())) {
      return entry.seq() == 1
          ? "seq 1: prev_hash is not the genesis hash (64 zeros)"
          : "seq " + entry.seq() + ": prev_hash does not match seq " + (entry.seq() - 1);
    }
    return null;
  }

  /** Returns the ids of all tasks with recorded events, sorted. */
  public List<String> taskIds() {
    List<String> ids = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SELECT_TASK_IDS);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("ledger task listing failed", e);
    }
    return ids;
  }

  static String chainHash(String prevHash, String hashedContent) {
    return Sha256.hex(prevHash + hashedContent);
  }

  /** Checks the whole batch before any SQL, so bad input never writes part of it. */
  private static List<Hashable> validate(List<AuditEvent> events, LedgerOrigin origin) {
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException("ledger append: no events given");
    }
    List<Hashable> batch = new ArrayList<>(events.size());
    AuditEvent first = events.get(0);
    for (int i = 0; i < events.size(); i++) {
      AuditEvent event = events.get(i);
      if (event == null) {
        throw new IllegalArgumentException("ledger append: event " + i + " is null");
      }
      requireText("taskId", event.taskId(), MAX_TASK_ID, event);
      requireText("type", event.type(), MAX_TYPE, event);
      if (event.workflowRunId() != null && event.workflowRunId().length() > MAX_RUN_ID) {
        throw invalid(event, "`workflowRunId` must be at most " + MAX_RUN_ID + " characters");
      }
      if (origin.workflowId() != null && origin.workflowId().length() > MAX_TASK_ID) {
        throw invalid(event, "origin `workflowId` must be at most " + MAX_TASK_ID + " characters");
      }
      if (origin.activityId() != null && origin.activityId().length() > MAX_RUN_ID) {
        throw invalid(event, "origin `activityId` must be at most " + MAX_RUN_ID + " characters");
      }
      if (origin.traceId() != null && origin.traceId().length() > MAX_TRACE_ID) {
        throw invalid(event, "origin `traceId` must be at most " + MAX_TRACE_ID + " characters");
      }
      if (!event.taskId().equals(first.taskId())) {
        throw new IllegalArgumentException(
            "ledger append: events of one task expected, got `"
                + first.taskId()
                + "` and `"
                + event.taskId()
                + "`");
      }
      if (event.seq() < 1) {
        throw invalid(event, "`seq` must be >= 1, got " + event.seq());
      }
      if (event.step() < 0) {
        throw invalid(event, "`step` must be >= 0, got " + event.step());
      }
      long expected = first.seq() + i;
      if (event.seq() != expected) {
        throw new IllegalArgumentException(
            "ledger append for task `"
                + first.taskId()
                + "`: seqs must be consecutive: expected seq "
                + expected
                + ", got "
                + event.seq());
      }
      CanonicalForm form = CanonicalForm.current();
      String payloadJson;
      String content;
      try {
        payloadJson = form.payload(AuditFacts.payload(event.payload()));
        content =
            form.hashedContent(
                event.taskId(),
                event.seq(),
                event.type(),
                event.step(),
                event.workflowRunId(),
                origin,
                event.payload().schemaVersion(),
                payloadJson);
      } catch (IllegalArgumentException e) {
        throw invalid(event, "payload: " + e.getMessage());
      }
      batch.add(new Hashable(event, origin, payloadJson, content));
    }
    return batch;
  }

  private static void requireText(String field, String value, int maxLength, AuditEvent event) {
    if (value == null || value.isBlank()) {
      throw invalid(event, "`" + field + "` must not be blank, got " + quote(value));
    }
    if (value.length() > maxLength) {
      throw invalid(
          event,
          "`" + field + "` must be at most " + maxLength + " characters, got " + value.length());
    }
  }

  private static IllegalArgumentException invalid(AuditEvent event, String what) {
    return new IllegalArgumentException(
        "ledger append: event (task "
            + quote(event.taskId())
            + ", seq "
            + event.seq()
            + "): "
            + what);
  }

  private static String quote(String value) {
    return value == null ? "null" : "`" + value + "`";
  }

  /** An event with the two strings the ledger stores and hashes, computed once per append. */
  private record Hashable(
      AuditEvent event, LedgerOrigin origin, String payloadJson, String hashedContent) {}
}
