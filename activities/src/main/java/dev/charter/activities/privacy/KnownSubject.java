package dev.charter.activities.privacy;

import java.util.List;

/**
 * The data subject of a task as the system of record knows them (for the support desk: the
 * customer). Their values are redacted wherever they appear, exactly or in a normalised form (case,
 * accents, spacing and punctuation ignored), even where no pattern would find them: a name or a
 * street has no checksum.
 *
 * @param names full names; each part of three letters or more is matched on its own too
 * @param addresses postal addresses, whole and line by line
 * @param emails email addresses
 * @param phones phone numbers (matched on digits)
 * @param ids customer ids, account numbers and the like
 */
public record KnownSubject(
    List<String> names,
    List<String> addresses,
    List<String> emails,
    List<String> phones,
    List<String> ids) {

  /** Nobody known: patterns only. */
  public static final KnownSubject NONE =
      new KnownSubject(List.of(), List.of(), List.of(), List.of(), List.of());

  public KnownSubject {
    names = names == null ? List.of() : List.copyOf(names);
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    emails = emails == null ? List.of() : List.copyOf(emails);
    phones = phones == null ? List.of() : List.copyOf(phones);
    ids = ids == null ? List.of() : List.copyOf(ids);
  }

  /** This subject's values and {@code other}'s, for a task that names more than one record. */
  public KnownSubject and(KnownSubject other) {
    return new KnownSubject(
        concat(names, other.names),
        concat(addresses, other.addresses),
        concat(emails, other.emails),
        concat(phones, other.phones),
        concat(ids, other.ids));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
  }

  /** Values only in a count, never in a message. */
  @Override
  public String toString() {
    return "KnownSubject[names="
        + names.size()
        + ", addresses="
        + addresses.size()
        + ", emails="
        + emails.size()
        + ", phones="
        + phones.size()
        + ", ids="
        + ids.size()
        + "]";
  }
}
