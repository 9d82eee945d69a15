package dev.charter.activities.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds a {@link KnownSubject}'s values in text after folding both (case, accents, runs of spaces
 * and punctuation), on word boundaries. Phone numbers are compared on digits.
 */
final class KnownValues {

  private KnownValues() {}

  /** {@code value} folded as matches' normal forms are, e.g. {@code c 100} for {@code C-100}. */
  static String folded(String value) {
    return Folded.of(value).text().strip();
  }

  static void find(String text, KnownSubject subject, List<PiiMatch> found) {
    if (subject == null || subject == KnownSubject.NONE) {
      return;
    }
    Folded folded = Folded.of(text);
    for (String email : subject.emails()) {
      folded.findAll(email, PiiKind.EMAIL, found);
    }
    for (String id : subject.ids()) {
      folded.findAll(id, PiiKind.CUSTOMER_ID, found);
    }
    for (String address : subject.addresses()) {
      folded.findAll(address, PiiKind.POSTAL_ADDRESS, found);
      // line by line too: a street quoted without its town is still the address
      for (String line : address.split("[,\\n]")) {
        if (line.strip().length() >= 6) {
          folded.findAll(line, PiiKind.POSTAL_ADDRESS, found);
        }
      }
    }
    for (String name : subject.names()) {
      folded.findAll(name, PiiKind.PERSON_NAME, found);
      for (String part : name.split("\\s+")) {
        if (part.length() >= 3) {
          folded.findAll(part, PiiKind.PERSON_NAME, found);
        }
      }
    }
    for (String phone : subject.phones()) {
      digits(text, phone, found);
    }
  }

  /** The phone's last nine or more digits, with anything but digits between them. */
  private static void digits(String text, String phone, List<PiiMatch> found) {
    String wanted = phone.replaceAll("\\D", "");
    if (wanted.length() > 9) {
      wanted = wanted.substring(wanted.length() - 9);
    }
    if (wanted.length() < 7) {
      return;
    }
    StringBuilder digits = new StringBuilder();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      if (Character.isDigit(text.charAt(i))) {
        digits.append(text.charAt(i));
        at.add(i);
      }
    }
    int from = 0;
    int index;
    while ((index = digits.indexOf(wanted, from)) >= 0) {
      int start = at.get(index);
      int end = at.get(index + wanted.length() - 1) + 1;
      // extend to a leading + / country code written before it
      while (start > 0 && "+0123456789 ()-.".indexOf(text.charAt(start - 1)) >= 0) {
        start--;
      }
      while (start < end
          && !Character.isDigit(text.charAt(start))
          && text.charAt(start) != '+'
          && text.charAt(start) != '(') {
        start++;
      }
      boolean bounded = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end));
      PiiMatch match = new PiiMatch(PiiKind.PHONE, start, end, "+" + wanted);
      if (bounded && !PiiScanner.overlaps(found, match)) {
        found.add(match);
      }
      from = index + 1;
    }
  }

  /** Text folded for comparison, with each folded character's position in the original. */
  private record Folded(String text, int[] origin) {

    static Folded of(String original) {
      StringBuilder out = new StringBuilder();
      List<Integer> origin = new ArrayList<>();
      boolean space = true;
      for (int i = 0; i < original.length(); i++) {
        String folded = PiiScanner.fold(String.valueOf(original.charAt(i)));
        for (char c : folded.toCharArray()) {
          if (Character.isLetterOrDigit(c) || c == '@') {
            out.append(c);
            origin.add(i);
            space = false;
          } else if (!space) {
            out.append(' ');
            origin.add(i);
            space = true;
          }
        }
      }
      return new Folded(out.toString(), origin.stream().mapToInt(Integer::intValue).toArray());
    }

    void findAll(String value, PiiKind kind, List<PiiMatch> found) {
      String wanted = of(value).text().strip();
      if (wanted.length() < 3) {
        return;
      }
      int from = 0;
      int index;
      while ((index = text.indexOf(wanted, from)) >= 0) {
        int endIndex = index + wanted.length();
        boolean startOk = index == 0 || text.charAt(index - 1) == ' ';
        boolean endOk = endIndex >= text.length() || text.charAt(endIndex) == ' ';
        if (startOk && endOk) {
          PiiMatch match = new PiiMatch(kind, origin[index], origin[endIndex - 1] + 1, wanted);
          if (!PiiScanner.overlaps(found, match)) {
            found.add(match);
          }
        }
        from = index + 1;
      }
    }
  }
}
