package dev.charter.activities.privacy;

/**
 * One detected value: where it is in the scanned text, and its normal form (which decides token
 * identity: the same card written with or without spaces is one value).
 *
 * @param kind what it is
 * @param start first character, inclusive
 * @param end last character, exclusive
 * @param normalized normal form; never logged
 */
public record PiiMatch(PiiKind kind, int start, int end, String normalized) {

  boolean overlaps(PiiMatch other) {
    return start < other.end && other.start < end;
  }

  /** Key ids only, never the value. */
  @Override
  public String toString() {
    return "PiiMatch[" + kind + " " + start + ".." + end + "]";
  }
}
