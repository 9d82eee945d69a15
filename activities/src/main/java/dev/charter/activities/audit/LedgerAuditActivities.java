package dev.charter.activities.audit;

import dev.charter.activity.AuditActivities;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditReceipt;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Objects;

/**
 * {@link AuditActivities} on the {@link AuditLedger}. A conflicting or malformed append is
 * permanent and fails non-retryably; database errors ({@link LedgerStorageException}) propagate so
 * Temporal retries them, which is safe because appends are idempotent on (task, seq).
 */
public final class LedgerAuditActivities implements AuditActivities {

  /** Failure type when a recorded event differs from the one appended for the same seq. */
  public static final String LEDGER_CONFLICT = "LedgerConflict";

  /** Failure type when the batch itself is invalid (mixed tasks, gap, bad field). */
  public static final String INVALID_APPEND = "LedgerInvalidAppend";

  private final AuditLedger ledger;

  /** Creates the activities over {@code ledger}. */
  public LedgerAuditActivities(AuditLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public AuditReceipt record(List<AuditEvent> events) {
    try {
      return ledger.append(events);
    } catch (LedgerConflictException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), LEDGER_CONFLICT);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), INVALID_APPEND);
    }
  }
}
