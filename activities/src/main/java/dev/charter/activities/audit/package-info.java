/**
 * The audit ledger: an append-only, hash-chained record of every governed fact of a task, kept in
 * H2 (embedded) or PostgreSQL (production) under Flyway migrations from {@code db/ledger}.
 *
 * <p>{@link dev.charter.activities.audit.AuditLedger} appends and verifies chains, {@link
 * dev.charter.activities.audit.LedgerAuditActivities} exposes it to workflows, {@link
 * dev.charter.activities.audit.CanonicalJson} and {@link dev.charter.activities.audit.Sha256}
 * define what is hashed and how. {@link dev.charter.activities.audit.LedgerCheckpoints} signs chain
 * heads and {@link dev.charter.activities.audit.DecisionReceipts} verdicts as JWS with the Ed25519
 * {@link dev.charter.activities.audit.LedgerSigningKey}; {@link
 * dev.charter.activities.audit.AuditTrail} verifies a task's trail, including against its Temporal
 * history ({@link dev.charter.activities.audit.HistoryCrossCheck}). See docs/audit.md.
 */
package dev.charter.activities.audit;
