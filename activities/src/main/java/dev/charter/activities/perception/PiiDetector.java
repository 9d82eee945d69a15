package dev.charter.activities.perception;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds PII in text with precise patterns, each confirmed by a check where the kind has one:
 * payment cards by Luhn, IBANs by ISO 13616 mod-97, phone numbers by their digit count (9 to 15,
 * E.164's maximum). Kinds are searched strictest first (email, IBAN, card, phone) and a span
 * claimed by one is not searched again, so a card number is never also reported as a phone number.
 */
final class PiiDetector {

  /** One detected value: where it is, and its normal form, which decides token identity. */
  record Match(PiiKind kind, int start, int end, String normalized) {}

  private static final Pattern EMAIL =
      Pattern.compile(
          "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-])");

  /** Country code, check digits, then 11..30 alphanumerics, optionally in groups. */
  private static final Pattern IBAN =
      Pattern.compile("(?<![\\w-])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){11,30}(?![\\w-])");

  /** 13 to 19 digits, optionally grouped by single spaces or dashes. */
  private static final Pattern CARD = Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w])");

  /**
   * International ({@code +49 30 1234567}, {@code 0049...}), national with a trunk prefix or area
   * code in parentheses ({@code 030 1234567}, {@code (555) 123-4567}) or North American groups
   * ({@code 555-123-4567}). Bare digit runs are not phone numbers: order ids and amounts are.
   */
  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\w+.-])(?:"
              + "(?:\\+|00)[1-9][\\d ().-]{7,22}\\d"
              + "|\\(\\d{2,5}\\)[ .-]?\\d[\\d .-]{4,14}\\d"
              + "|0\\d{1,4}[ ./-]?\\d[\\d .-]{4,14}\\d"
              + "|\\d{3}[ .-]\\d{3}[ .-]\\d{4}"
              + ")(?![\\w-])");

  private PiiDetector() {}

  /** All PII in {@code text}, in order of position, without overlaps. */
  static List<Match> find(String text) {
    List<Match> found = new ArrayList<>();
    scan(text, EMAIL, PiiKind.EMAIL, found, PiiDetector::email);
    scan(text, IBAN, PiiKind.IBAN, found, PiiDetector::iban);
    scan(text, CARD, PiiKind.CARD, found, PiiDetector::card);
    scan(text, PHONE, PiiKind.PHONE, found, PiiDetector::phone);
    found.sort(Comparator.comparingInt(Match::start));
    return found;
  }

  /**
   * Runs one pattern; a candidate that fails its check is retried at shorter lengths ending on a
   * separator, since greedy grouping can swallow a neighbouring group ({@code 4111 1111 1111 1111
   * 2026}).
   *
   * @param normalizer the candidate's normal form, or null when it is not valid PII
   */
  private static void scan(
      String text,
      Pattern pattern,
      PiiKind kind,
      List<Match> found,
      Function<String, String> normalizer) {
    Matcher matcher = pattern.matcher(text);
    int from = 0;
    while (from < text.length() && matcher.find(from)) {
      int start = matcher.start();
      Match match = longestValid(text, start, matcher.end(), kind, normalizer);
      if (match != null && !overlaps(found, match)) {
        found.add(match);
        from = match.end();
      } else {
        from = start + 1;
      }
    }
  }

  private static Match longestValid(
      String text, int start, int end, PiiKind kind, Function<String, String> normalizer) {
    for (int candidateEnd = end; candidateEnd > start; candidateEnd--) {
      boolean atBoundary =
          candidateEnd == end || !Character.isLetterOrDigit(text.charAt(candidateEnd));
      if (atBoundary && Character.isLetterOrDigit(text.charAt(candidateEnd - 1))) {
        String normalized = normalizer.apply(text.substring(start, candidateEnd));
        if (normalized != null) {
          return new Match(kind, start, candidateEnd, normalized);
        }
      }
    }
    return null;
  }

  private static boolean overlaps(List<Match> found, Match candidate) {
    return found.stream().anyMatch(m -> m.start() < candidate.end() && candidate.start() < m.end());
  }

  private static String email(String candidate) {
    return candidate.toLowerCase(Locale.ROOT);
  }

  static String iban(String candidate) {
    String compact = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
    if (compact.length() < 15 || compact.length() > 34) {
      return null;
    }
    // ISO 13616: move the first four characters to the end, letters become 10..35, mod 97 == 1
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    StringBuilder digits = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1
        ? compact
        : null;
  }

  static String card(String candidate) {
    String digits = candidate.replaceAll("[ -]", "");
    if (digits.length() < 13 || digits.length() > 19 || !luhn(digits)) {
      return null;
    }
    return digits;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int digit = digits.charAt(i) - '0';
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  private static String phone(String candidate) {
    String digits = candidate.replaceAll("\\D", "");
    boolean international = candidate.startsWith("+") || candidate.startsWith("00");
    if (candidate.startsWith("00")) {
      digits = digits.substring(2);
    }
    if (digits.length() < 9 || digits.length() > 15) {
      return null;
    }
    return international ? "+" + digits : digits;
  }
}
