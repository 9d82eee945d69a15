package dev.charter.workflow.activity;

import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditReceipt;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Appends governed facts to the hash-chained ledger. */
@ActivityInterface
public interface AuditActivities {

  /**
   * Appends events of one task in seq order; an event whose (task, seq) is already recorded with
   * the same content is skipped, so a retried append never writes twice.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable {@code LedgerConflict} when a
   *     recorded event differs from the one given for the same seq
   */
  @ActivityMethod
  AuditReceipt record(List<AuditEvent> events);
}
