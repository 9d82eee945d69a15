package dev.charter.activities.privacy;

import dev.charter.policy.EntityRef;
import java.util.Collection;
import java.util.Map;

/**
 * Finds a task's data subjects in the system of record. The task's structured fields only say
 * <em>whose</em> record to read (for the support desk: a customer id, or an order whose customer
 * the database names); the values to redact always come from the record, never from what a ticket
 * claims, so a ticket cannot make perception stop redacting its customer by giving a false name or
 * email. Naming someone else's record only redacts more.
 */
@FunctionalInterface
public interface SubjectDirectory {

  /** Nobody is looked up: patterns only. */
  SubjectDirectory NONE = fields -> KnownSubject.NONE;

  /**
   * The subjects the fields name, merged into one; {@link KnownSubject#NONE} when they name none
   * the system of record knows.
   *
   * @param fields the structured fields of each of the task's inputs
   * @throws IllegalStateException when the system of record cannot be read (transient: retried)
   */
  KnownSubject subjectOf(Collection<Map<String, String>> fields);

  /**
   * The person a tool's target resource is, whose own values may go to them (for the support desk:
   * a {@code Shop::Customer}); {@link KnownSubject#NONE} for a resource that is nobody.
   *
   * @throws IllegalStateException when the system of record cannot be read (transient: retried)
   */
  default KnownSubject recipient(EntityRef target) {
    return KnownSubject.NONE;
  }
}
