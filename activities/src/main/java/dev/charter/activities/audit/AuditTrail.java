package dev.charter.activities.audit;

import dev.charter.activities.audit.LedgerCheckpoints.CheckpointVerification;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an auditor asks of one task's trail: its events, a full verification (hash chain, signed
 * checkpoints, Temporal history) and signed decision receipts. Used by the CLI and the REST API.
 */
public final class AuditTrail {

  private final AuditLedger ledger;
  private final LedgerCheckpoints checkpoints;
  private final TrustedKeys keys;
  private final LedgerWitness witness;
  private final WorkflowClient temporal;

  /**
   * A trail checked with one trusted key and no witness.
   *
   * @see #AuditTrail(AuditLedger, LedgerCheckpoints, TrustedKeys, LedgerWitness, WorkflowClient)
   */
  public AuditTrail(
      AuditLedger ledger,
      LedgerCheckpoints checkpoints,
      PublicKey publicKey,
      WorkflowClient temporal) {
    this(ledger, checkpoints, TrustedKeys.of(publicKey), null, temporal);
  }

  /**
   * @param ledger the ledger
   * @param checkpoints its checkpoints
   * @param keys the keys checkpoints and receipts are verified with (pinned by the verifier)
   * @param witness the copy of the checkpoints outside the ledger database; null checks the
   *     ledger's own checkpoints alone
   * @param temporal where the tasks' histories are read; null skips the history cross-check
   */
  public AuditTrail(
      AuditLedger ledger,
      LedgerCheckpoints checkpoints,
      TrustedKeys keys,
      LedgerWitness witness,
      WorkflowClient temporal) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.witness = witness;
    this.temporal = temporal;
  }

  /** The task's events in seq order. */
  public List<LedgerEntry> events(String taskId) {
    return ledger.events(taskId);
  }

  /**
   * Recomputes the chain, checks it against every signed checkpoint of the task and cross-checks it
   * with the task's Temporal history (every run its events name, and the latest run).
   *
   * @throws IllegalArgumentException if the task has no events and Temporal knows no such task (or
   *     the history is not checked)
   */
  public TrailVerification verify(String taskId) {
    return verify(taskId, true);
  }

  /**
   * As {@link #verify(String)}; {@code withHistory = false} skips the Temporal cross-check (e.g.
   * when the task's history is gone from Temporal's retention).
   */
  public TrailVerification verify(String taskId, boolean withHistory) {
    List<LedgerEntry> entries = ledger.events(taskId);
    boolean checkHistory = temporal != null && withHistory;
    CheckpointVerification signed = checkpoints.verify(taskId, entries, keys, witness);
    if (entries.isEmpty() && !checkHistory && signed.checkpoints() == 0) {
      // Without the history or a checkpoint nothing says the task exists: an empty trail proves
      // nothing.
      throw new IllegalArgumentException("task `" + taskId + "` has no ledger events");
    }
    ChainVerification chain = ledger.verify(taskId);
    List<String> history = null;
    if (checkHistory) {
      history = new HistoryCrossCheck(dataConverter()).check(entries, histories(taskId, entries));
    }
    List<String> problems = new ArrayList<>();
    if (!chain.valid()) {
      problems.add(chain.problem());
    }
    if (!signed.valid()) {
      problems.add(signed.problem());
    }
    if (history != null) {
      problems.addAll(history);
    }
    return new TrailVerification(
        taskId,
        problems.isEmpty(),
        chain,
        signed,
        history,
        problems.isEmpty() ? null : problems.get(0));
  }

  /**
   * The history event each of {@code entries} stems from: the {@code ActivityTaskScheduled} event
   * id of the {@code Record} activity its {@code activityId} names, by seq. Empty when Temporal is
   * not connected or no longer has the history; events without an activity id are left out.
   */
  public Map<Long, Long> historyEventIds(String taskId, List<LedgerEntry> entries) {
    if (temporal == null || entries.isEmpty()) {
      return Map.of();
    }
    Map<String, History> histories;
    try {
      histories = histories(taskId, entries);
    } catch (RuntimeException unavailable) {
      return Map.of();
    }
    Map<String, Map<String, Long>> scheduledByRun = new HashMap<>();
    histories.forEach(
        (runId, history) ->
            scheduledByRun.put(runId, HistoryCrossCheck.scheduledEventIds(history)));
    Map<Long, Long> ids = new TreeMap<>();
    for (LedgerEntry entry : entries) {
      Long id =
          scheduledByRun.getOrDefault(entry.workflowRunId(), Map.of()).get(entry.activityId());
      if (id != null) {
        ids.put(entry.seq(), id);
      }
    }
    return ids;
  }

  /**
   * The signed decision receipt of the verdict at {@code seq}; refused when the chain up to that
   * seq does not verify.
   *
   * @throws IllegalArgumentException if the seq is not a verdict or the chain is broken before it
   */
  public String receipt(String taskId, long seq, LedgerSigningKey key) {
    ChainVerification chain = ledger.verify(taskId);
    if (!chain.valid() && chain.firstBrokenSeq() <= seq) {
      throw new IllegalArgumentException(
          "task `"
              + taskId
              + "`: no receipt for seq "
              + seq
              + ", the chain is broken at "
              + chain.problem());
    }
    return DecisionReceipts.issue(ledger.events(taskId), taskId, seq, key);
  }

  private Map<String, History> histories(String taskId, List<LedgerEntry> entries) {
    Set<String> runIds = new LinkedHashSet<>();
    entries.forEach(
        e -> {
          if (e.workflowRunId() != null) {
            runIds.add(e.workflowRunId());
          }
        });
    Map<String, History> histories = new LinkedHashMap<>();
    for (String runId : runIds) {
      try {
        histories.put(runId, temporal.fetchHistory(taskId, runId).getHistory());
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
          throw e;
        }
      }
    }
    if (entries.isEmpty()) {
      try {
        var latest = temporal.fetchHistory(taskId);
        histories.put(latest.getWorkflowExecution().getRunId(), latest.getHistory());
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
          throw new IllegalArgumentException(
              "task `" + taskId + "`: no ledger events and no such workflow in Temporal");
        }
        throw e;
      }
    }
    return histories;
  }

  private DataConverter dataConverter() {
    return temporal.getOptions().getDataConverter();
  }
}
