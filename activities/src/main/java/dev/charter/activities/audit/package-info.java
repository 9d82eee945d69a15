/**
 * The audit ledger: an append-only, hash-chained record of every governed fact of a task, kept in
 * H2 (embedded) or PostgreSQL (production) under Flyway migrations from {@code db/ledger}.
 *
 * <p>{@link dev.charter.activities.audit.AuditLedger} appends and verifies chains, {@link
 * dev.charter.activities.audit.LedgerAuditActivities} exposes it to workflows, {@link
 * dev.charter.activities.audit.CanonicalJson} and {@link dev.charter.activities.audit.Sha256}
 * define what is hashed and how.
 */
package dev.charter.activities.audit;
