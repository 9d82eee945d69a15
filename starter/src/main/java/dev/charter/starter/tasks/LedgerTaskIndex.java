package dev.charter.starter.tasks;

import dev.charter.activities.audit.AuditFacts;
import dev.charter.activities.audit.LedgerStorageException;
import dev.charter.contract.AuditFact;
import dev.charter.contract.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task index in the ledger database (table {@code task_index}, ledger migration V30): one row
 * per task, folded from the task's own ledger events in chain order. Each {@link #list} first folds
 * what was recorded since the last pass, so a list is as fresh as the ledger.
 *
 * <p>Events are found by {@code recorded_at} with an overlap window, and applied only past the
 * row's {@code last_seq}, so a pass that sees an event twice applies it once. The index is derived
 * data: dropping the table's rows rebuilds it from {@code audit_event} on the next pass.
 */
public final class LedgerTaskIndex implements TaskDirectory {

  private static final Logger log = LoggerFactory.getLogger(LedgerTaskIndex.class);

  /** How far back each pass looks again: appends committed out of timestamp order are caught. */
  static final Duration OVERLAP = Duration.ofSeconds(30);

  private static final String CHANGED_TASKS =
      "SELECT task_id, MAX(seq), MAX(recorded_at) FROM audit_event WHERE recorded_at >= ?"
          + " GROUP BY task_id";
  private static final String NEW_EVENTS =
      "SELECT seq, type, step, payload, recorded_at FROM audit_event WHERE task_id = ? AND seq > ?"
          + " ORDER BY seq";
  private static final String COLUMNS =
      "task_id, tenant, profile, risk_tier, state, step, backend, pending_approval_id,"
          + " pending_tool, requested_by, started_at, updated_at, ended_at, last_seq";
  private static final String ROW = "SELECT " + COLUMNS + " FROM task_index WHERE task_id = ?";
  private static final String INSERT =
      "INSERT INTO task_index (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE =
      "UPDATE task_index SET tenant = ?, profile = ?, risk_tier = ?, state = ?, step = ?,"
          + " backend = ?, pending_approval_id = ?, pending_tool = ?, requested_by = ?,"
          + " started_at = ?, updated_at = ?, ended_at = ?, last_seq = ?"
          + " WHERE task_id = ? AND last_seq < ?";

  private final DataSource dataSource;
  private Instant watermark = Instant.EPOCH;

  /**
   * The index over a ledger database; each row is folded from the task's facts as records.
   *
   * @param dataSource the ledger database, migrated ({@code AuditLedger.migrate})
   */
  public LedgerTaskIndex(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public String source() {
    return "ledger";
  }

  @Override
  public List<TaskSummary> list(TaskFilter filter) {
    refresh();
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM task_index WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (filter.state() != null) {
      sql.append(" AND state = ?");
      args.add(filter.state().name());
    }
    if (filter.tenant() != null) {
      sql.append(" AND tenant = ?");
      args.add(filter.tenant());
    }
    if (filter.pendingApproval() != null) {
      sql.append(
          filter.pendingApproval()
              ? " AND pending_approval_id IS NOT NULL"
              : " AND pending_approval_id IS NULL");
    }
    sql.append(" ORDER BY updated_at DESC, task_id LIMIT ").append(filter.limit());
    List<TaskSummary> tasks = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        select.setObject(i + 1, args.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          tasks.add(summary(rows));
        }
      }
    } catch (SQLException e) {
      throw new LedgerStorageException("task index listing failed", e);
    }
    return tasks;
  }

  /** One task's row, folded up to date; null when the ledger has no event of it. */
  @Override
  public TaskSummary find(String taskId) {
    refresh();
    try (Connection connection = dataSource.getConnection()) {
      return row(connection, taskId);
    } catch (SQLException e) {
      throw new LedgerStorageException("task index read failed for task `" + taskId + "`", e);
    }
  }

  /**
   * Folds every event recorded since the last pass into the index.
   *
   * @return how many events were applied
   */
  public synchronized int refresh() {
    Instant since = watermark.minus(OVERLAP);
    int applied = 0;
    try (Connection connection = dataSource.getConnection()) {
      Map<String, Long> changed = new LinkedHashMap<>();
      Instant newest = watermark;
      try (PreparedStatement select = connection.prepareStatement(CHANGED_TASKS)) {
        select.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            changed.put(rows.getString(1), rows.getLong(2));
            Instant recorded = rows.getObject(3, OffsetDateTime.class).toInstant();
            if (recorded.isAfter(newest)) {
              newest = recorded;
            }
          }
        }
      }
      for (Map.Entry<String, Long> task : changed.entrySet()) {
        applied += fold(connection, task.getKey(), task.getValue());
      }
      watermark = newest;
    } catch (SQLException e) {
      throw new LedgerStorageException("task index refresh failed", e);
    }
    if (applied > 0) {
      log.debug("task index folded events={} since={}", applied, since);
    }
    return applied;
  }

  private int fold(Connection connection, String taskId, long lastSeq) throws SQLException {
    TaskSummary current = row(connection, taskId);
    long folded = current == null ? 0 : lastSeqOf(connection, taskId);
    if (folded >= lastSeq) {
      return 0;
    }
    Folding row = new Folding(taskId, current);
    int applied = 0;
    try (PreparedStatement select = connection.prepareStatement(NEW_EVENTS)) {
      select.setString(1, taskId);
      select.setLong(2, folded);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long seq = rows.getLong(1);
          if (seq != folded + 1) {
            break; // a predecessor is not visible yet: fold the rest on a later pass
          }
          row.apply(
              seq,
              rows.getString(2),
              rows.getInt(3),
              rows.getString(4),
              rows.getObject(5, OffsetDateTime.class).toInstant());
          folded = seq;
          applied++;
        }
      }
    }
    if (applied > 0) {
      store(connection, row.summary(), current == null, folded);
    }
    return applied;
  }

  private void store(Connection connection, TaskSummary s, boolean insert, long lastSeq)
      throws SQLException {
    if (insert) {
      try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
        statement.setString(1, s.taskId());
        bindColumns(statement, s, 2);
        statement.setLong(14, lastSeq);
        statement.executeUpdate();
        return;
      } catch (SQLException duplicate) {
        // Another API replica folded the same task first; its row answers the next pass.
        if (row(connection, s.taskId()) == null) {
          throw duplicate;
        }
        return;
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(UPDATE)) {
      bindColumns(statement, s, 1);
      statement.setLong(13, lastSeq);
      statement.setString(14, s.taskId());
      statement.setLong(15, lastSeq);
      statement.executeUpdate();
    }
  }

  /** Binds tenant .. ended_at (12 columns) starting at {@code first}. */
  private static void bindColumns(PreparedStatement statement, TaskSummary s, int first)
      throws SQLException {
    int i = first;
    statement.setString(i++, s.tenant());
    statement.setString(i++, s.profile());
    statement.setString(i++, s.riskTier());
    statement.setString(i++, s.state().name());
    statement.setInt(i++, s.step());
    statement.setString(i++, s.backend());
    statement.setString(i++, s.pendingApprovalId());
    statement.setString(i++, s.pendingTool());
    statement.setString(i++, s.requestedBy());
    setInstant(statement, i++, s.startedAt());
    setInstant(statement, i++, s.updatedAt());
    setInstant(statement, i, s.endedAt());
  }

  private static void setInstant(PreparedStatement statement, int index, Instant at)
      throws SQLException {
    if (at == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }
  }

  private static long lastSeqOf(Connection connection, String taskId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT last_seq FROM task_index WHERE task_id = ?")) {
      select.setString(1, taskId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }
  }

  private static TaskSummary row(Connection connection, String taskId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(ROW)) {
      select.setString(1, taskId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? summary(rows) : null;
      }
    }
  }

  private static TaskSummary summary(ResultSet rows) throws SQLException {
    return new TaskSummary(
        rows.getString("task_id"),
        rows.getString("tenant"),
        rows.getString("profile"),
        rows.getString("risk_tier"),
        TaskState.valueOf(rows.getString("state")),
        rows.getInt("step"),
        rows.getString("backend"),
        rows.getString("pending_approval_id"),
        rows.getString("pending_tool"),
        rows.getString("requested_by"),
        instant(rows, "started_at"),
        instant(rows, "updated_at"),
        instant(rows, "ended_at"));
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }

  /** One row being brought up to date, event by event. */
  private final class Folding {
    private final String taskId;
    private String tenant;
    private String profile;
    private String riskTier;
    private TaskState state;
    private int step;
    private String backend;
    private String pendingApprovalId;
    private String pendingTool;
    private String requestedBy;
    private Instant startedAt;
    private Instant updatedAt;
    private Instant endedAt;

    Folding(String taskId, TaskSummary from) {
      this.taskId = taskId;
      this.state = TaskState.STARTING;
      if (from != null) {
        tenant = from.tenant();
        profile = from.profile();
        riskTier = from.riskTier();
        state = from.state();
        step = from.step();
        backend = from.backend();
        pendingApprovalId = from.pendingApprovalId();
        pendingTool = from.pendingTool();
        requestedBy = from.requestedBy();
        startedAt = from.startedAt();
        updatedAt = from.updatedAt();
        endedAt = from.endedAt();
      }
    }

    void apply(long seq, String type, int eventStep, String payload, Instant recordedAt) {
      step = Math.max(step, eventStep);
      updatedAt = recordedAt;
      switch (type) {
        case AuditFact.TaskPinned.TYPE -> {
          AuditFact.TaskPinned pinned =
              read(seq, type, eventStep, payload, AuditFact.TaskPinned.class);
          tenant = pinned.tenant();
          profile = pinned.profile();
          riskTier = pinned.riskTier();
          requestedBy = pinned.requestedBy();
          startedAt = recordedAt;
          running();
        }
        case AuditFact.ApprovalRequested.TYPE -> {
          AuditFact.ApprovalRequested asked =
              read(seq, type, eventStep, payload, AuditFact.ApprovalRequested.class);
          pendingApprovalId = asked.approvalId();
          pendingTool = asked.tool();
          state = TaskState.WAITING_APPROVAL;
        }
        case AuditFact.ApprovalGranted.TYPE,
            AuditFact.ApprovalRejected.TYPE,
            AuditFact.ApprovalExpired.TYPE,
            AuditFact.ApprovalCancelled.TYPE -> {
          pendingApprovalId = null;
          pendingTool = null;
          if (!state.isFinal()) {
            state = TaskState.RUNNING;
          }
        }
        case AuditFact.ModelDecided.TYPE -> {
          AuditFact.ModelDecided decided =
              read(seq, type, eventStep, payload, AuditFact.ModelDecided.class);
          if (decided.provenance() != null && decided.provenance().backend() != null) {
            backend = decided.provenance().backend();
          }
          running();
        }
        case AuditFact.TaskEnded.TYPE -> {
          AuditFact.TaskEnded ended =
              read(seq, type, eventStep, payload, AuditFact.TaskEnded.class);
          state = ended.state() == null ? TaskState.FAILED : ended.state();
          pendingApprovalId = null;
          pendingTool = null;
          endedAt = recordedAt;
        }
        default -> running();
      }
    }

    private void running() {
      if (state == TaskState.STARTING) {
        state = TaskState.RUNNING;
      }
    }

    /** The fact of a row, as the record its type names. */
    private <T extends AuditFact> T read(
        long seq, String type, int eventStep, String payload, Class<T> kind) {
      try {
        return kind.cast(AuditFacts.read(taskId, seq, type, eventStep, null, payload).payload());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("task index: " + e.getMessage(), e);
      }
    }

    TaskSummary summary() {
      return new TaskSummary(
          taskId,
          tenant,
          profile,
          riskTier,
          state,
          step,
          backend,
          pendingApprovalId,
          pendingTool,
          requestedBy,
          startedAt,
          updatedAt,
          endedAt);
    }
  }
}
