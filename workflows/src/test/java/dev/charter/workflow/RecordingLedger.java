package dev.charter.workflow;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import dev.charter.contract.AuditReceipt;
import dev.charter.workflow.activity.AuditActivities;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An in-memory audit ledger with the contract of {@link AuditActivities}: idempotent on (task,
 * seq), a conflicting rewrite refused as non-retryable {@code LedgerConflict}, a sha-256 chain.
 * Tests read what the workflow appended and wait for an event type to be recorded.
 */
final class RecordingLedger implements AuditActivities {

  private final Map<String, List<AuditEvent>> chains = new ConcurrentHashMap<>();
  private final Map<String, String> heads = new ConcurrentHashMap<>();
  private final List<List<AuditEvent>> batches = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  /** A test thread waiting for an event that matches. */
  private record Waiter(Predicate<AuditEvent> wanted, CompletableFuture<AuditEvent> found) {}

  /** Appends still to refuse as if the database were unreachable, and how many were refused. */
  private int outageLeft;

  private int refusedDuringOutage;

  /** The next {@code appends} appends fail as a down database would (retryable). */
  synchronized void outage(int appends) {
    outageLeft = appends;
  }

  synchronized int refusedDuringOutage() {
    return refusedDuringOutage;
  }

  @Override
  public synchronized AuditReceipt record(List<AuditEvent> events) {
    if (outageLeft > 0) {
      outageLeft--;
      refusedDuringOutage++;
      throw new IllegalStateException("ledger database unreachable (test outage)");
    }
    batches.add(List.copyOf(events));
    String taskId = events.get(0).taskId();
    List<AuditEvent> chain = chains.computeIfAbsent(taskId, id -> new ArrayList<>());
    String head = heads.getOrDefault(taskId, "");
    for (AuditEvent event : events) {
      if (event.seq() <= chain.size()) {
        AuditEvent recorded = chain.get((int) event.seq() - 1);
        if (!recorded.equals(event)) {
          throw ApplicationFailure.newNonRetryableFailure(
              "ledger: task `" + taskId + "` seq " + event.seq() + " already holds another event",
              "LedgerConflict");
        }
        continue;
      }
      if (event.seq() != chain.size() + 1) {
        throw ApplicationFailure.newNonRetryableFailure(
            "ledger: task `"
                + taskId
                + "` expects seq "
                + (chain.size() + 1)
                + ", got "
                + event.seq(),
            "LedgerGap");
      }
      chain.add(event);
      head = sha256(head + "\n" + event.seq() + "\n" + event.type() + "\n" + event.payload());
      waiters.removeIf(w -> w.wanted().test(event) && w.found().complete(event));
    }
    heads.put(taskId, head);
    return new AuditReceipt(taskId, chain.size(), head);
  }

  /** Every event of a task, in seq order. */
  synchronized List<AuditEvent> events(String taskId) {
    return List.copyOf(chains.getOrDefault(taskId, List.of()));
  }

  /** Every append call, as the workflow batched it. */
  synchronized List<List<AuditEvent>> batches() {
    return List.copyOf(batches);
  }

  /** The types of a task's events, in seq order. */
  List<String> types(String taskId) {
    return events(taskId).stream().map(AuditEvent::type).toList();
  }

  String head(String taskId) {
    return heads.get(taskId);
  }

  /**
   * Blocks until an event of the type is recorded: the workflow flushes right before it waits for a
   * human, so {@code approval.requested} being recorded means the approval is pending.
   */
  AuditEvent awaitEvent(String type) {
    return awaitEvent(type, event -> event.type().equals(type));
  }

  /** Blocks until the approval with this id is requested. */
  AuditEvent awaitApprovalRequested(String approvalId) {
    return awaitEvent(
        "approval.requested " + approvalId,
        event ->
            event.type().equals(AuditFact.ApprovalRequested.TYPE)
                && event.payload() instanceof AuditFact.ApprovalRequested requested
                && approvalId.equals(requested.approvalId()));
  }

  private AuditEvent awaitEvent(String description, Predicate<AuditEvent> wanted) {
    CompletableFuture<AuditEvent> found = new CompletableFuture<>();
    synchronized (this) {
      chains.values().stream()
          .flatMap(List::stream)
          .filter(wanted)
          .findFirst()
          .ifPresentOrElse(found::complete, () -> waiters.add(new Waiter(wanted, found)));
    }
    try {
      return found.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for ledger event " + description, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("ledger event `" + description + "` was never recorded", e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
