package dev.charter.activities.inference;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerConflictException;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import java.util.List;

/**
 * Route-level facts in the hash-chained ledger, under reserved ids that no task can take (task ids
 * are workflow ids; these start with an underscore): {@value #ROUTES} for canary and rollback
 * changes, {@value #SHADOW} for shadow inference records.
 */
public final class RouteJournal {

  /** Chain of canary splits, kill switches and rollbacks, each with its reason. */
  public static final String ROUTES = "_routes";

  /** Chain of shadow inference records: decision, latency, tokens, cost per arm. */
  public static final String SHADOW = "_shadow";

  private static final int MAX_ATTEMPTS = 5;

  private final AuditLedger ledger;

  /**
   * @param ledger the audit ledger
   */
  public RouteJournal(AuditLedger ledger) {
    this.ledger = ledger;
  }

  /** Appends one event to {@code chain}; concurrent writers (other workers) are retried. */
  synchronized void append(String chain, AuditFact fact) {
    LedgerConflictException last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long seq = ledger.lastSeq(chain) + 1;
      try {
        ledger.append(List.of(new AuditEvent(chain, seq, 0, null, fact)));
        return;
      } catch (LedgerConflictException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The events of {@code chain}, oldest first. */
  List<LedgerEntry> events(String chain) {
    return ledger.events(chain);
  }
}
