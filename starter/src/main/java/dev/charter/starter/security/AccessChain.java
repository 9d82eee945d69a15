package dev.charter.starter.security;

import dev.charter.activities.audit.AuditLedger;
import dev.charter.activities.audit.LedgerConflictException;
import dev.charter.activities.audit.LedgerEntry;
import dev.charter.contract.AuditEvent;
import dev.charter.contract.AuditFact;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every refused REST call (401, 403), appended to the ledger chain {@value #LEDGER_ID} as an {@link
 * AuditFact.AccessRefused}: hash-chained, checkpointed and verified like any task's trail ({@code
 * charter audit verify _access}). Credentials are never recorded, only who they named.
 */
public final class AccessChain {

  /** The ledger chain of refused calls. */
  public static final String LEDGER_ID = "_access";

  private static final Logger log = LoggerFactory.getLogger(AccessChain.class);

  /** Reasons are the operator's, not an attacker's essay: long ones are cut. */
  private static final int MAX_REASON = 500;

  private static final int MAX_ATTEMPTS = 5;

  private final AuditLedger ledger;

  public AccessChain(AuditLedger ledger) {
    this.ledger = ledger;
  }

  /**
   * Records a refusal. A ledger failure is logged, never thrown: the call stays refused either way.
   */
  public void refused(AuditFact.AccessRefused refusal) {
    AuditFact.AccessRefused fact =
        refusal.reason() != null && refusal.reason().length() > MAX_REASON
            ? new AuditFact.AccessRefused(
                refusal.method(),
                refusal.route(),
                refusal.principal(),
                refusal.action(),
                refusal.status(),
                refusal.reason().substring(0, MAX_REASON) + "...")
            : refusal;
    log.warn(
        "access refused status={} method={} route={} principal={} action={} reason=\"{}\"",
        fact.status(),
        fact.method(),
        fact.route(),
        fact.principal(),
        fact.action(),
        fact.reason());
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        append(fact);
        return;
      } catch (LedgerConflictException raced) {
        // another process appended the same seq first; read the head again
      } catch (RuntimeException e) {
        log.error(
            "access refusal not recorded in chain={} status={} route={}: {}",
            LEDGER_ID,
            fact.status(),
            fact.route(),
            e.toString());
        return;
      }
    }
    log.error("access refusal not recorded in chain={}: lost {} races", LEDGER_ID, MAX_ATTEMPTS);
  }

  /** The refusals recorded so far, in order. */
  public List<AuditFact.AccessRefused> refusals() {
    return ledger.events(LEDGER_ID).stream()
        .map(LedgerEntry::fact)
        .filter(AuditFact.AccessRefused.class::isInstance)
        .map(AuditFact.AccessRefused.class::cast)
        .toList();
  }

  private synchronized void append(AuditFact.AccessRefused fact) {
    long seq = ledger.lastSeq(LEDGER_ID) + 1;
    ledger.append(List.of(new AuditEvent(LEDGER_ID, seq, 0, "", fact)));
  }
}
