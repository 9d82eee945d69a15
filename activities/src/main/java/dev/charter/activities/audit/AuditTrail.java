package dev.charter.activities.audit;

import dev.charter.activities.audit.LedgerCheckpoints.CheckpointVerification;
import dev.charter.contract.AuditFact;
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
   * @param keys the keys checkpoints and receipts are verified with (pinned by the verifier); null
   *     for a trail that is only read (show, export, receipt), whose {@link #verify} then refuses
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
    this.keys = keys;
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
    if (keys == null) {
      throw new IllegalStateException("audit trail opened without trusted keys cannot verify");
    }
    List<LedgerEntry> entries = ledger.events(taskId);
    boolean checkHistory = temporal != null && withHistory;
    // Keys the ledger records as rotations count only when a key the verifier trusts signed them.
    TrustedKeys trusted = checkpoints.keyRotations().extend(keys);
    CheckpointVerification signed = checkpoints.verify(taskId, entries, trusted, witness);
    if (entries.isEmpty() && !checkHistory && signed.checkpoints() == 0) {
      // Without the history or a checkpoint nothing says the task exists: an empty trail proves
      // nothing.
      throw new IllegalArgumentException("task `" + taskId + "` has no ledger events");
    }
    ChainVerification chain = ledger.verify(taskId);
    ReceiptVerification receipts = verifyReceipts(taskId, entries, trusted);
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
    if (!receipts.valid()) {
      problems.add(receipts.problem());
    }
    if (history != null) {
      problems.addAll(history);
    }
    return new TrailVerification(
        taskId,
        problems.isEmpty(),
        chain,
        signed,
        receipts,
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
   * The decision receipt of the verdict at {@code seq}, as signed and stored when the verdict was
   * appended; refused when the chain up to that seq does not verify.
   *
   * @throws IllegalArgumentException if the seq is not a verdict, the chain is broken before it, or
   *     no receipt was stored for it (verdicts recorded before ledger V22)
   */
  public String receipt(String taskId, long seq) {
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
    DecisionReceipts.verdictAt(ledger.events(taskId), taskId, seq);
    String receipt = ledger.receipts(taskId).get(seq);
    if (receipt == null) {
      throw new IllegalArgumentException(
          "task `"
              + taskId
              + "` seq "
              + seq
              + ": no receipt was stored when this verdict was appended (verdicts recorded before"
              + " ledger V22 have none; receipts are never signed afterwards)");
    }
    return receipt;
  }

  private static boolean isVerdict(LedgerEntry entry) {
    return AuditFact.VerdictRecorded.TYPE.equals(entry.type());
  }

  private ReceiptVerification verifyReceipts(
      String taskId, List<LedgerEntry> entries, TrustedKeys trusted) {
    Map<Long, LedgerEntry> bySeq = new HashMap<>();
    entries.forEach(e -> bySeq.put(e.seq(), e));
    int verdicts = (int) entries.stream().filter(AuditTrail::isVerdict).count();
    Map<Long, String> receipts = ledger.receipts(taskId);
    for (Map.Entry<Long, String> stored : receipts.entrySet()) {
      long seq = stored.getKey();
      String problem = receiptProblem(taskId, seq, stored.getValue(), bySeq.get(seq), trusted);
      if (problem != null) {
        return new ReceiptVerification(false, receipts.size(), verdicts, seq, problem);
      }
    }
    return new ReceiptVerification(true, receipts.size(), verdicts, null, null);
  }

  private static String receiptProblem(
      String taskId, long seq, String receipt, LedgerEntry entry, TrustedKeys trusted) {
    String at = "receipt of seq " + seq + ": ";
    DecisionReceipt signedReceipt;
    try {
      signedReceipt = DecisionReceipts.verify(receipt, trusted);
    } catch (IllegalArgumentException e) {
      return at + e.getMessage() + ": the receipt was forged or altered";
    }
    if (!taskId.equals(signedReceipt.taskId()) || signedReceipt.seq() != seq) {
      return at
          + "it signs task "
          + signedReceipt.taskId()
          + " seq "
          + signedReceipt.seq()
          + ": the receipt was moved";
    }
    String signed = signedReceipt.hash();
    if (entry == null || !signed.equals(entry.hash())) {
      return at
          + "it signed hash "
          + CheckpointChain.abbreviate(signed)
          + ", the ledger's seq "
          + seq
          + " has "
          + (entry == null ? "no row" : "hash " + CheckpointChain.abbreviate(entry.hash()))
          + ": the verdict or the chain before it was rewritten";
    }
    return null;
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
