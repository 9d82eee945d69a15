package dev.charter.activities.audit;

import java.sql.SQLException;

/**
 * The ledger's database failed (connection lost, timeout, lock contention that outlasted the
 * in-call retries). Transient by nature: the activity lets it propagate so Temporal retries.
 */
public final class LedgerStorageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Wraps the database error with what the ledger was doing. */
  public LedgerStorageException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
  }
}
