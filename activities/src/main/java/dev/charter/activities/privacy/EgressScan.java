package dev.charter.activities.privacy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scans what a call sends out (its arguments: the email's fields, the export's destination) just
 * before Cedar decides on it, and names what it found as egress labels ({@link PiiKind#label()}),
 * which policies read in {@code context.egress}. Values that are the recipient's own, as the system
 * of record knows them (their id, their email, their phone, their name and address), are no
 * disclosure when they go to that recipient and are left out; everything else found is labelled,
 * and a secret always is.
 */
public final class EgressScan {

  private final PiiScanner scanner;

  /**
   * @param scanner the scanner perception uses
   */
  public EgressScan(PiiScanner scanner) {
    this.scanner = scanner;
  }

  /**
   * The labels of what {@code arguments} carry that is not {@code recipient}'s own, sorted.
   *
   * @param recipient whom the call's data goes to; {@link KnownSubject#NONE} when nobody's own data
   *     may leave by this call
   */
  public Set<String> labels(Map<String, String> arguments, KnownSubject recipient) {
    Set<String> labels = new TreeSet<>();
    for (String value : arguments.values()) {
      if (value == null) {
        continue;
      }
      for (PiiMatch match : scanner.scan(value, recipient)) {
        if (!own(match.kind(), value.substring(match.start(), match.end()), recipient)) {
          labels.add(match.kind().label());
        }
      }
    }
    return labels;
  }

  private static boolean own(PiiKind kind, String found, KnownSubject recipient) {
    return switch (kind) {
      // these kinds are only ever found as the subject's own values
      case PERSON_NAME, POSTAL_ADDRESS, CUSTOMER_ID -> true;
      case EMAIL -> recipient.emails().stream().anyMatch(e -> e.equalsIgnoreCase(found.strip()));
      case PHONE -> recipient.phones().stream().anyMatch(p -> sameNumber(p, found));
      default -> false;
    };
  }

  /** The same last nine digits (or all, if fewer): +351 912 345 678 is 912-345-678. */
  private static boolean sameNumber(String a, String b) {
    String x = a.replaceAll("\\D", "");
    String y = b.replaceAll("\\D", "");
    int n = Math.min(9, Math.min(x.length(), y.length()));
    return n >= 7 && x.endsWith(y.substring(y.length() - n));
  }
}
