package dev.charter.activities.privacy;

import com.google.common.net.InetAddresses;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.math.BigInteger;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in text. Each pattern is confirmed by a check where the kind has
 * one (Luhn and issuer ranges for cards, ISO 13616 mod-97 for IBANs, the SSA's never-issued ranges
 * for SSNs, HMRC's prefixes for NINOs, the check letter of Spanish DNI/NIE, address parsing for
 * IPs, a real calendar date for dates of birth); phone numbers are found and validated by Google's
 * libphonenumber. Values of the task's {@link KnownSubject} are found by normalised matching.
 *
 * <p>Kinds are searched most specific first (secrets, email, the subject's own values, IBAN, card,
 * national ids, IP, phone, date of birth, high-entropy tokens); a span claimed by one is not
 * claimed again, so a card number is never also a phone number.
 *
 * <p>Thread-safe; build once.
 */
public final class PiiScanner {

  private static final Pattern PEM_PRIVATE_KEY =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?-----END \\1PRIVATE KEY-----");

  private static final Pattern JWT =
      Pattern.compile(
          "(?<![\\w-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}(?![\\w-])");

  /** Key prefixes the vendors document, so a scanner can recognise their keys. */
  private static final Pattern VENDOR_KEY =
      Pattern.compile(
          "(?<![\\w-])(?:"
              + "(?:AKIA|ASIA)[0-9A-Z]{16}" // AWS access key id
              + "|gh[pousr]_[A-Za-z0-9]{36}" // GitHub tokens
              + "|github_pat_[A-Za-z0-9_]{50,}"
              + "|glpat-[A-Za-z0-9_-]{20,}" // GitLab
              + "|xox[abposr]-[A-Za-z0-9-]{10,}" // Slack
              + "|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}" // Stripe
              + "|sk-ant-[A-Za-z0-9_-]{20,}" // Anthropic
              + "|sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}" // OpenAI
              + "|AIza[0-9A-Za-z_-]{35}" // Google API key
              + "|SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}" // SendGrid
              + "|hf_[A-Za-z0-9]{30,}" // Hugging Face
              + ")(?![\\w-])");

  /** A secret named as such: {@code password: hunter2!}, {@code api key = ...}. */
  private static final Pattern NAMED_SECRET =
      Pattern.compile(
          "(?i)\\b(?:password|passwd|pwd|passcode|pin code|api[ _-]?key|secret|access token|auth"
              + " token)\\b\\s*(?:is|was|=|:)?\\s*[\"']?(?<value>[^\\s\"',;]{6,})");

  private static final Pattern EMAIL =
      Pattern.compile(
          "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-])");

  /** Country code, check digits, then 11..30 alphanumerics, optionally in groups. */
  private static final Pattern IBAN =
      Pattern.compile("(?<![\\w-])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){11,30}(?![\\w-])");

  /** 12 to 19 digits, optionally grouped by single spaces or dashes. */
  private static final Pattern CARD = Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){11,18}(?![\\w])");

  /** AAA-GG-SSSS (dashes or spaces); a bare nine-digit run only after an SSN keyword. */
  private static final Pattern SSN =
      Pattern.compile(
          "(?<![\\w-])(?:\\d{3}-\\d{2}-\\d{4}|\\d{3} \\d{2} \\d{4})(?![\\w-])"
              + "|(?i:(?<=\\b(?:ssn|social security(?: number)?|ss#)[:#]?\\s{0,3}))\\d{9}(?!\\d)");

  private static final Pattern NINO =
      Pattern.compile("(?<![\\w])[A-Za-z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-Da-d](?![\\w])");

  /** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter). */
  private static final Pattern DNI =
      Pattern.compile("(?<![\\w-])[XYZxyz]?\\d{7,8}-?[A-Za-z](?![\\w-])");

  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\w.]|\\.\\d)");

  private static final Pattern IPV6 =
      Pattern.compile("(?<![\\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\\w:])");

  private static final String MONTH =
      "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";

  private static final Pattern DATE =
      Pattern.compile(
          "(?i)(?<![\\w/.-])(?:\\d{4}-\\d{1,2}-\\d{1,2}"
              + "|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}"
              + "|\\d{1,2}(?:st|nd|rd|th)? (?:of )?"
              + MONTH
              + ",? \\d{4}"
              + "|"
              + MONTH
              + " \\d{1,2}(?:st|nd|rd|th)?,? \\d{4})(?![\\w/-])");

  private static final Pattern BIRTH_CONTEXT =
      Pattern.compile("(?i)\\b(?:born|birth|dob|d\\.o\\.b|birthday|bday|geboren|né|née)\\b");

  private static final Pattern PHONE_CONTEXT =
      Pattern.compile(
          "(?i)\\b(?:call|phone|tel|telephone|mobile|cell|ring|text|sms|whatsapp|reach me|"
              + "number is|fax)\\b");

  private static final Pattern NOT_PHONE_CONTEXT =
      Pattern.compile(
          "(?i)(?:\\border|\\binvoice|\\bref(?:erence)?|\\btracking|\\bticket|\\bsku|\\bpart|"
              + "\\bserial|\\baccount|\\bcase|#|\\bno\\.)[\\s:#]*$");

  private static final Pattern HIGH_ENTROPY =
      Pattern.compile("(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/_=-])");

  private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

  private final PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
  private final List<String> phoneRegions;

  /**
   * @param phoneRegions regions (ISO 3166 alpha-2) whose national phone formats are recognised, in
   *     order; international formats ({@code +44 ...}) are recognised whatever the list
   */
  public PiiScanner(List<String> phoneRegions) {
    if (phoneRegions.isEmpty()) {
      throw new IllegalArgumentException("phone regions must name at least one region");
    }
    for (String region : phoneRegions) {
      if (!phoneNumbers.getSupportedRegions().contains(region)) {
        throw new IllegalArgumentException("unknown phone region `" + region + "`");
      }
    }
    this.phoneRegions = List.copyOf(phoneRegions);
  }

  /** US, GB, DE, FR, ES national formats. */
  public static PiiScanner standard() {
    return new PiiScanner(List.of("US", "GB", "DE", "FR", "ES"));
  }

  /** Everything found by patterns alone. */
  public List<PiiMatch> scan(String text) {
    return scan(text, KnownSubject.NONE);
  }

  /** Everything found, in order of position, without overlaps. */
  public List<PiiMatch> scan(String text, KnownSubject subject) {
    List<PiiMatch> found = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return found;
    }
    scan(text, PEM_PRIVATE_KEY, PiiKind.SECRET, found, s -> s, false);
    scan(text, JWT, PiiKind.SECRET, found, s -> s, false);
    scan(text, VENDOR_KEY, PiiKind.SECRET, found, s -> s, false);
    namedSecrets(text, found);
    scan(text, EMAIL, PiiKind.EMAIL, found, s -> s.toLowerCase(Locale.ROOT), true);
    KnownValues.find(text, subject, found);
    scan(text, IBAN, PiiKind.IBAN, found, PiiScanner::iban, true);
    scan(text, CARD, PiiKind.CARD, found, PiiScanner::card, true);
    scan(text, SSN, PiiKind.US_SSN, found, PiiScanner::ssn, false);
    scan(text, NINO, PiiKind.UK_NINO, found, PiiScanner::nino, false);
    scan(text, DNI, PiiKind.NATIONAL_ID, found, PiiScanner::dni, false);
    scan(text, IPV4, PiiKind.IP_ADDRESS, found, PiiScanner::ip, false);
    scan(text, IPV6, PiiKind.IP_ADDRESS, found, PiiScanner::ipv6, false);
    phones(text, found);
    datesOfBirth(text, found);
    scan(text, HIGH_ENTROPY, PiiKind.SECRET, found, PiiScanner::highEntropy, false);
    found.sort(Comparator.comparingInt(PiiMatch::start));
    return found;
  }

  /** {@code text} with every match replaced by {@code <tag>}, for places that keep no tokens. */
  public String redact(String text) {
    List<PiiMatch> matches = scan(text);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (PiiMatch match : matches) {
      out.append(text, copied, match.start())
          .append('<')
          .append(match.kind().tokenTag())
          .append('>');
      copied = match.end();
    }
    return out.append(text.substring(copied)).toString();
  }

  /**
   * Runs one pattern; with {@code shrink}, a candidate that fails its check is retried at shorter
   * lengths ending on a separator, since greedy grouping can swallow a neighbouring group ({@code
   * 4111 1111 1111 1111 2026}).
   */
  private static void scan(
      String text,
      Pattern pattern,
      PiiKind kind,
      List<PiiMatch> found,
      Function<String, String> normalizer,
      boolean shrink) {
    Matcher matcher = pattern.matcher(text);
    int from = 0;
    while (from < text.length() && matcher.find(from)) {
      int start = matcher.start();
      PiiMatch match =
          shrink
              ? longestValid(text, start, matcher.end(), kind, normalizer)
              : validated(text, start, matcher.end(), kind, normalizer);
      if (match != null && !overlaps(found, match)) {
        found.add(match);
        from = match.end();
      } else {
        from = start + 1;
      }
    }
  }

  private static PiiMatch validated(
      String text, int start, int end, PiiKind kind, Function<String, String> normalizer) {
    String normalized = normalizer.apply(text.substring(start, end));
    return normalized == null ? null : new PiiMatch(kind, start, end, normalized);
  }

  private static PiiMatch longestValid(
      String text, int start, int end, PiiKind kind, Function<String, String> normalizer) {
    for (int candidateEnd = end; candidateEnd > start; candidateEnd--) {
      boolean atBoundary =
          candidateEnd == end || !Character.isLetterOrDigit(text.charAt(candidateEnd));
      if (atBoundary && Character.isLetterOrDigit(text.charAt(candidateEnd - 1))) {
        String normalized = normalizer.apply(text.substring(start, candidateEnd));
        if (normalized != null) {
          return new PiiMatch(kind, start, candidateEnd, normalized);
        }
      }
    }
    return null;
  }

  static boolean overlaps(List<PiiMatch> found, PiiMatch candidate) {
    return found.stream().anyMatch(m -> m.overlaps(candidate));
  }

  private static void namedSecrets(String text, List<PiiMatch> found) {
    Matcher matcher = NAMED_SECRET.matcher(text);
    while (matcher.find()) {
      String value = matcher.group("value");
      // "my password is reset" names no secret: a secret value mixes classes or is long
      boolean mixed =
          value.chars().anyMatch(Character::isDigit)
              || value.chars().anyMatch(c -> !Character.isLetterOrDigit(c))
              || value.length() >= 16;
      PiiMatch match =
          new PiiMatch(PiiKind.SECRET, matcher.start("value"), matcher.end("value"), value);
      if (mixed && !overlaps(found, match)) {
        found.add(match);
      }
    }
  }

  private void phones(String text, List<PiiMatch> found) {
    for (String region : phoneRegions) {
      for (PhoneNumberMatch candidate :
          phoneNumbers.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
        int start = candidate.start();
        int end = candidate.end();
        String raw = candidate.rawString();
        String before = text.substring(Math.max(0, start - 30), start);
        boolean international = raw.startsWith("+") || raw.startsWith("00");
        boolean formatted = raw.matches(".*\\d[ ().-]+\\d.*") || raw.startsWith("(");
        boolean named = PHONE_CONTEXT.matcher(before).find();
        // An order or ticket number in phone shape: only with a phone word nearby.
        boolean looksLikeReference = NOT_PHONE_CONTEXT.matcher(before).find();
        boolean accept = named || (!looksLikeReference && (international || formatted));
        // Glued to an identifier (ORD-2025-354967, #2125550123), or in SSN shape: not a phone.
        if (start > 0
            && (Character.isLetterOrDigit(text.charAt(start - 1))
                || "-_/#".indexOf(text.charAt(start - 1)) >= 0)) {
          accept = false;
        }
        if (raw.matches("\\d{3}-\\d{2}-\\d{4}")) {
          accept = false;
        }
        PiiMatch match =
            new PiiMatch(
                PiiKind.PHONE,
                start,
                end,
                phoneNumbers.format(candidate.number(), PhoneNumberUtil.PhoneNumberFormat.E164));
        if (accept && !overlaps(found, match)) {
          found.add(match);
        }
      }
    }
  }

  private static void datesOfBirth(String text, List<PiiMatch> found) {
    Matcher matcher = DATE.matcher(text);
    while (matcher.find()) {
      if (!birthContextBefore(text, matcher.start()) || !realDate(matcher.group())) {
        continue;
      }
      PiiMatch match =
          new PiiMatch(
              PiiKind.DATE_OF_BIRTH,
              matcher.start(),
              matcher.end(),
              matcher.group().toLowerCase(Locale.ROOT));
      if (!overlaps(found, match)) {
        found.add(match);
      }
    }
  }

  /**
   * A birth word shortly before the date, in the same clause, with no other date between: "born on
   * 1985-03-14", "DOB: 03/14/1985"; not "date of birth 1985-03-14. I ordered on 2024-03-14".
   */
  private static boolean birthContextBefore(String text, int dateStart) {
    String before = text.substring(Math.max(0, dateStart - 30), dateStart);
    Matcher context = BIRTH_CONTEXT.matcher(before);
    int end = -1;
    while (context.find()) {
      end = context.end();
    }
    if (end < 0) {
      return false;
    }
    String between = before.substring(end);
    return !between.matches("(?s).*(?:[.;!?](?:\\s|$)|\\d).*");
  }

  /** A date a person alive could be born on: 1900 to 2030, a real day of a real month. */
  static boolean realDate(String candidate) {
    String lower = candidate.toLowerCase(Locale.ROOT);
    Matcher iso = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})").matcher(lower);
    Matcher numeric = Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})").matcher(lower);
    try {
      if (iso.matches()) {
        return valid(num(iso.group(1)), num(iso.group(2)), num(iso.group(3)));
      }
      if (numeric.matches()) {
        int a = num(numeric.group(1));
        int b = num(numeric.group(2));
        int year = num(numeric.group(3));
        // day/month or month/day: either reading being a real date is enough
        return valid(year, b, a) || valid(year, a, b);
      }
      Matcher year = Pattern.compile("(\\d{4})$").matcher(lower);
      Matcher day = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\b").matcher(lower);
      int month = month(lower);
      return year.find()
          && day.find()
          && month > 0
          && valid(num(year.group(1)), month, num(day.group(1)));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static int month(String lower) {
    String[] names = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
    };
    for (int i = 0; i < names.length; i++) {
      if (Pattern.compile("\\b" + names[i]).matcher(lower).find()) {
        return i + 1;
      }
    }
    return 0;
  }

  private static boolean valid(int year, int month, int day) {
    if (year < 1900 || year > 2030) {
      return false;
    }
    try {
      LocalDate.of(year, month, day);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static int num(String s) {
    return Integer.parseInt(s);
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
      if (!Character.isLetterOrDigit(c)) {
        return null;
      }
      digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1
        ? compact
        : null;
  }

  static String card(String candidate) {
    String digits = candidate.replaceAll("[ -]", "");
    if (digits.length() < 12 || digits.length() > 19 || !luhn(digits) || !issued(digits)) {
      return null;
    }
    return digits;
  }

  /** Issuer identification ranges and lengths of the major networks. */
  static boolean issued(String digits) {
    int length = digits.length();
    int two = Integer.parseInt(digits.substring(0, 2));
    int three = Integer.parseInt(digits.substring(0, 3));
    int four = Integer.parseInt(digits.substring(0, 4));
    int six = Integer.parseInt(digits.substring(0, 6));
    if (digits.charAt(0) == '4') { // Visa
      return length == 13 || length == 16 || length == 19;
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) { // Mastercard
      return length == 16;
    }
    if (two == 34 || two == 37) { // American Express
      return length == 15;
    }
    if (four == 6011
        || two == 65
        || (three >= 644 && three <= 649)
        || (six >= 622126 && six <= 622925)) { // Discover
      return length >= 16 && length <= 19;
    }
    if (four >= 3528 && four <= 3589) { // JCB
      return length >= 16 && length <= 19;
    }
    if ((three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39) { // Diners
      return length >= 14 && length <= 19;
    }
    if (two == 62) { // UnionPay
      return length >= 16 && length <= 19;
    }
    if (four == 5018
        || four == 5020
        || four == 5038
        || four == 5893
        || four == 6304
        || four == 6759
        || (four >= 6761 && four <= 6763)) { // Maestro
      return length >= 12 && length <= 19;
    }
    return false;
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

  /** Never issued: area 000, 666, 900-999; group 00; serial 0000. */
  static String ssn(String candidate) {
    String digits = candidate.replaceAll("\\D", "");
    if (digits.length() != 9) {
      return null;
    }
    int area = Integer.parseInt(digits.substring(0, 3));
    int group = Integer.parseInt(digits.substring(3, 5));
    int serial = Integer.parseInt(digits.substring(5));
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
      return null;
    }
    return digits;
  }

  /**
   * HMRC: first letter not D F I Q U V, second not D F I O Q U V, prefix not BG GB KN NK NT TN ZZ.
   */
  static String nino(String candidate) {
    String compact = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
    char first = compact.charAt(0);
    char second = compact.charAt(1);
    String prefix = compact.substring(0, 2);
    if ("DFIQUV".indexOf(first) >= 0 || "DFIOQUV".indexOf(second) >= 0) {
      return null;
    }
    if (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix)) {
      return null;
    }
    return compact;
  }

  /** Spanish DNI / NIE: the letter is the number mod 23 in the official table. */
  static String dni(String candidate) {
    String compact = candidate.replace("-", "").toUpperCase(Locale.ROOT);
    String body = compact.substring(0, compact.length() - 1);
    char letter = compact.charAt(compact.length() - 1);
    char lead = body.charAt(0);
    if (lead == 'X' || lead == 'Y' || lead == 'Z') {
      if (body.length() != 8) {
        return null;
      }
      body = (lead - 'X') + body.substring(1);
    } else if (body.length() != 8) {
      return null;
    }
    return DNI_LETTERS.charAt(Integer.parseInt(body) % 23) == letter ? compact : null;
  }

  static String ip(String candidate) {
    for (String octet : candidate.split("\\.")) {
      if (Integer.parseInt(octet) > 255 || (octet.length() > 1 && octet.startsWith("0"))) {
        return null;
      }
    }
    return candidate;
  }

  static String ipv6(String candidate) {
    // "12:30:45" is a time, not an address: an IPv6 needs a hex letter, "::" or 8 groups
    boolean addressLike =
        candidate.contains("::")
            || candidate.chars().filter(c -> c == ':').count() == 7
            || candidate.chars().anyMatch(c -> "abcdefABCDEF".indexOf(c) >= 0);
    if (!addressLike || !InetAddresses.isInetAddress(candidate)) {
      return null;
    }
    return InetAddresses.toAddrString(InetAddresses.forString(candidate));
  }

  /** Random-looking: upper, lower and digits, and at least 4 bits of entropy per character. */
  static String highEntropy(String candidate) {
    String body = candidate.replaceAll("=+$", "");
    boolean upper = body.chars().anyMatch(Character::isUpperCase);
    boolean lower = body.chars().anyMatch(Character::isLowerCase);
    boolean digit = body.chars().anyMatch(Character::isDigit);
    if (!upper || !lower || !digit) {
      return null;
    }
    return shannonBits(body) >= 4.0 ? candidate : null;
  }

  static double shannonBits(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (char c : s.toCharArray()) {
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / s.length();
        bits -= p * (Math.log(p) / Math.log(2));
      }
    }
    if (other > 0) {
      double p = (double) other / s.length();
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }

  /** Lower case, accents removed: the form known values are compared in. */
  static String fold(String s) {
    // ß has no decomposition; its upper case is SS, so a name written in capitals still matches
    return Normalizer.normalize(s, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT)
        .replace("ß", "ss");
  }
}
