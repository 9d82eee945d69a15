package dev.charter.activities.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The labelled evaluation set: support-desk texts with every personal value or secret marked by
 * kind and position. Generated from templates with a fixed seed (the same set on every run), plus
 * hand-written texts; negatives on purpose (Luhn-failing cards, never-issued SSNs, order and
 * tracking numbers shaped like phones or cards, versions shaped like IPs, dates without birth
 * context, hex hashes, words after "password").
 */
final class PiiEvaluationSet {

  /** One labelled value. */
  record Label(PiiKind kind, int start, int end) {}

  /** One text, its labels and the known subject it is scanned with. */
  record Sample(String text, List<Label> labels, KnownSubject subject) {}

  static final long SEED = 20261129L;

  private PiiEvaluationSet() {}

  /** Generated and hand-written samples. */
  static List<Sample> all() {
    List<Sample> samples = new ArrayList<>(generated(SEED, 360));
    samples.addAll(handWritten());
    return samples;
  }

  /** Builds a text piece by piece, recording labelled spans. */
  private static final class Text {
    final StringBuilder text = new StringBuilder();
    final List<Label> labels = new ArrayList<>();

    Text plain(String s) {
      text.append(s);
      return this;
    }

    Text pii(PiiKind kind, String value) {
      int start = text.length();
      text.append(value);
      labels.add(new Label(kind, start, text.length()));
      return this;
    }

    Sample done(KnownSubject subject) {
      return new Sample(text.toString(), List.copyOf(labels), subject);
    }
  }

  private static final String[] FIRST = {
    "Ana", "José", "Mette", "Oluwaseun", "Zoë", "Liam", "Priya", "Hélène", "Tomasz", "Ingrid"
  };
  private static final String[] LAST = {
    "García",
    "Okafor",
    "Nørgaard",
    "Smith",
    "Dubois",
    "Kowalski",
    "Patel",
    "Müller",
    "O'Brien",
    "Lindqvist"
  };
  private static final String[] STREET = {
    "Baker Street", "Rue de Rivoli", "Hauptstraße", "Calle Mayor", "Elm Avenue"
  };
  private static final String[] TOWN = {"London", "Paris", "Berlin", "Madrid", "Springfield"};

  static List<Sample> generated(long seed, int count) {
    Random r = new Random(seed);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(sample(r, i % 12));
    }
    return out;
  }

  private static Sample sample(Random r, int shape) {
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    String order = String.valueOf(1000 + r.nextInt(9000));
    Text t = new Text();
    switch (shape) {
      case 0 -> {
        t.plain("Hi, please refund order " + order + " to my card ")
            .pii(PiiKind.CARD, card(r, true));
        t.plain(". Not the old one ").plain(card(r, false)).plain(", that one is cancelled.");
      }
      case 1 -> {
        t.plain("Send the money to ").pii(PiiKind.IBAN, iban(r, true)).plain(" please; the IBAN ");
        t.plain(iban(r, false)).plain(" on file was wrong. Order ").plain(order).plain(".");
      }
      case 2 -> {
        t.plain("You can call me on ").pii(PiiKind.PHONE, phone(r)).plain(" about order #");
        t.plain(String.valueOf(2_000_000_000L + r.nextInt(999_999_999))).plain(", tracking ");
        t.plain("1Z" + upperAlnum(r, 16)).plain(".");
      }
      case 3 -> {
        t.plain("My email is ").pii(PiiKind.EMAIL, email(r, first, last));
        t.plain(" and my SSN is ").pii(PiiKind.US_SSN, ssn(r, true));
        t.plain(" (the form said ").plain(ssn(r, false)).plain(" which is wrong).");
      }
      case 4 -> {
        t.plain("For the tax form: NI number ").pii(PiiKind.UK_NINO, nino(r, true));
        t.plain(", DNI ").pii(PiiKind.NATIONAL_ID, dni(r, true));
        t.plain(". Reference ")
            .plain(nino(r, false))
            .plain(" and ")
            .plain(dni(r, false))
            .plain(" are not mine.");
      }
      case 5 -> {
        t.plain("The login failed from ").pii(PiiKind.IP_ADDRESS, ipv4(r)).plain(" and from ");
        t.pii(PiiKind.IP_ADDRESS, ipv6(r)).plain(" after updating the app to version ");
        t.plain((1 + r.nextInt(9)) + "." + r.nextInt(20) + "." + r.nextInt(9) + "." + r.nextInt(99))
            .plain(".");
      }
      case 6 -> {
        int y = 1950 + r.nextInt(55);
        int m = 1 + r.nextInt(12);
        int d = 1 + r.nextInt(28);
        String dob =
            switch (r.nextInt(3)) {
              case 0 -> String.format("%04d-%02d-%02d", y, m, d);
              case 1 -> String.format("%02d/%02d/%04d", m, d, y);
              default -> d + " " + MONTHS[m - 1] + " " + y;
            };
        t.plain("To verify me: date of birth ").pii(PiiKind.DATE_OF_BIRTH, dob);
        t.plain(". I ordered on ")
            .plain(String.format("%04d-%02d-%02d", 2024 + r.nextInt(2), m, d));
        t.plain(" and it shipped ").plain(String.format("%02d/%02d/%04d", m, d, 2025)).plain(".");
      }
      case 7 -> {
        t.plain("Our integration broke, here is the key we used: ")
            .pii(PiiKind.SECRET, vendorKey(r));
        t.plain(" for order ").plain("ORD-2025-" + String.format("%06d", r.nextInt(999_999)));
        t.plain(", payload hash ").plain(hex(r, 40)).plain(".");
      }
      case 8 -> {
        t.plain("Support bot token: ").pii(PiiKind.SECRET, jwt(r)).plain(" and my password is ");
        t.pii(PiiKind.SECRET, "Tr0ub4dor&" + r.nextInt(1000))
            .plain(". My password is reset now, thanks.");
      }
      case 9 -> {
        String street = (1 + r.nextInt(200)) + " " + STREET[r.nextInt(STREET.length)];
        String town = TOWN[r.nextInt(TOWN.length)];
        KnownSubject subject =
            new KnownSubject(
                List.of(first + " " + last),
                List.of(street + ", " + town),
                List.of(),
                List.of(),
                List.of("c-" + order));
        t.plain("Hello, this is ").pii(PiiKind.PERSON_NAME, fold(r, first + " " + last));
        t.plain(". Deliver to ").pii(PiiKind.POSTAL_ADDRESS, fold(r, street));
        t.plain(" instead; my customer number is ")
            .pii(PiiKind.CUSTOMER_ID, "C-" + order)
            .plain(".");
        return t.done(subject);
      }
      case 10 -> {
        t.plain("-----BEGIN PRIVATE KEY-----\n");
        int start = t.text.length() - "-----BEGIN PRIVATE KEY-----\n".length();
        t.plain(base64(r, 64) + "\n" + base64(r, 40) + "\n-----END PRIVATE KEY-----");
        t.labels.add(new Label(PiiKind.SECRET, start, t.text.length()));
        t.plain("\nThe deploy log shows this key, please rotate it. Build " + hex(r, 12) + ".");
      }
      default -> {
        t.plain("Random token in the ticket: ").pii(PiiKind.SECRET, base64(r, 32));
        t.plain(", and the refund id rf-").plain(hex(r, 8)).plain("-").plain(hex(r, 4));
        t.plain(" for order ").plain(order).plain(" worth 49.90 EUR.");
      }
    }
    return t.done(KnownSubject.NONE);
  }

  private static final String[] MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December"
  };

  /** Random case and accent stripping, as people write names they know. */
  private static String fold(Random r, String s) {
    return switch (r.nextInt(3)) {
      case 0 -> s;
      case 1 -> s.toLowerCase(java.util.Locale.ROOT);
      default ->
          java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
              .replaceAll("\\p{M}", "")
              .toUpperCase(java.util.Locale.ROOT);
    };
  }

  static String card(Random r, boolean valid) {
    String[][] issuers = {
      {"4", "16"},
      {"51", "16"},
      {"55", "16"},
      {"2221", "16"},
      {"34", "15"},
      {"37", "15"},
      {"6011", "16"},
      {"3530", "16"}
    };
    String[] issuer = issuers[r.nextInt(issuers.length)];
    int length = Integer.parseInt(issuer[1]);
    StringBuilder digits = new StringBuilder(issuer[0]);
    while (digits.length() < length - 1) {
      digits.append(r.nextInt(10));
    }
    int check = luhnCheckDigit(digits.toString());
    digits.append(valid ? check : (check + 1 + r.nextInt(9)) % 10);
    String d = digits.toString();
    return switch (r.nextInt(3)) {
      case 0 -> d;
      case 1 -> group(d, " ");
      default -> group(d, "-");
    };
  }

  private static String group(String digits, String sep) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 4) {
      if (i > 0) {
        out.append(sep);
      }
      out.append(digits, i, Math.min(i + 4, digits.length()));
    }
    return out.toString();
  }

  private static int luhnCheckDigit(String body) {
    int sum = 0;
    boolean doubled = true;
    for (int i = body.length() - 1; i >= 0; i--) {
      int digit = body.charAt(i) - '0';
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
    return (10 - sum % 10) % 10;
  }

  static String iban(Random r, boolean valid) {
    String country = r.nextBoolean() ? "DE" : "FR";
    int bban = country.equals("DE") ? 18 : 23;
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < bban; i++) {
      body.append(r.nextInt(10));
    }
    String numeric =
        body + String.valueOf(country.charAt(0) - 'A' + 10) + (country.charAt(1) - 'A' + 10) + "00";
    int check =
        98 - new java.math.BigInteger(numeric).mod(java.math.BigInteger.valueOf(97)).intValue();
    if (!valid) {
      check = (check + 1 + r.nextInt(90)) % 97 + 2;
    }
    String iban = country + String.format("%02d", check) + body;
    return r.nextBoolean() ? iban : group(iban, " ");
  }

  static String ssn(Random r, boolean valid) {
    if (!valid) {
      String[] areas = {"000", "666", "9" + (10 + r.nextInt(90))};
      return areas[r.nextInt(areas.length)]
          + "-"
          + String.format("%02d", 1 + r.nextInt(98))
          + "-"
          + String.format("%04d", 1 + r.nextInt(9998));
    }
    int area = 1 + r.nextInt(898);
    if (area == 666) {
      area = 667;
    }
    return String.format("%03d-%02d-%04d", area, 1 + r.nextInt(98), 1 + r.nextInt(9998));
  }

  static String nino(Random r, boolean valid) {
    String firsts = "ABCEGHJKLMNOPRSTWXYZ";
    String seconds = "ABCEGHJKLMNPRSTWXYZ";
    String prefix;
    do {
      prefix =
          ""
              + firsts.charAt(r.nextInt(firsts.length()))
              + seconds.charAt(r.nextInt(seconds.length()));
    } while (List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix));
    if (!valid) {
      prefix = r.nextBoolean() ? "QQ" : "GB";
    }
    String digits = String.format("%06d", r.nextInt(1_000_000));
    char suffix = "ABCD".charAt(r.nextInt(4));
    return r.nextBoolean()
        ? prefix + digits + suffix
        : prefix
            + " "
            + digits.substring(0, 2)
            + " "
            + digits.substring(2, 4)
            + " "
            + digits.substring(4)
            + " "
            + suffix;
  }

  static String dni(Random r, boolean valid) {
    int number = 10_000_000 + r.nextInt(89_999_999);
    String letters = "TRWAGMYFPDXBNJZSQVHLCKE";
    char letter = letters.charAt(number % 23);
    if (!valid) {
      letter = letters.charAt((number + 1 + r.nextInt(21)) % 23);
    }
    return number + "" + letter;
  }

  static String phone(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> "+44 20 7" + digits(r, 3) + " " + digits(r, 4);
      case 1 ->
          "("
              + new String[] {"212", "415", "617", "312"}[r.nextInt(4)]
              + ") "
              + (2 + r.nextInt(8))
              + digits(r, 2)
              + "-"
              + digits(r, 4);
      case 2 -> "+49 30 " + (2 + r.nextInt(8)) + digits(r, 6);
      case 3 -> "06 " + digits(r, 2) + " " + digits(r, 2) + " " + digits(r, 2) + " " + digits(r, 2);
      case 4 ->
          "+1 "
              + new String[] {"206", "303", "512"}[r.nextInt(3)]
              + " "
              + (2 + r.nextInt(8))
              + digits(r, 2)
              + " "
              + digits(r, 4);
      default -> "07700 9" + digits(r, 5);
    };
  }

  static String email(Random r, String first, String last) {
    String local =
        java.text.Normalizer.normalize(first + "." + last, java.text.Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replace("'", "")
            .toLowerCase(java.util.Locale.ROOT);
    return local
        + (r.nextBoolean() ? r.nextInt(100) : "")
        + "@"
        + new String[] {"example.com", "mail.example.org", "shop-customer.co.uk"}[r.nextInt(3)];
  }

  static String ipv4(Random r) {
    return (1 + r.nextInt(223))
        + "."
        + r.nextInt(256)
        + "."
        + r.nextInt(256)
        + "."
        + (1 + r.nextInt(254));
  }

  static String ipv6(Random r) {
    return r.nextBoolean()
        ? "2001:db8:"
            + Integer.toHexString(r.nextInt(0xffff))
            + "::"
            + Integer.toHexString(1 + r.nextInt(0xfffe))
        : "fe80::"
            + Integer.toHexString(0x1000 + r.nextInt(0xefff))
            + ":"
            + Integer.toHexString(0x1000 + r.nextInt(0xefff))
            + ":"
            + Integer.toHexString(0xa000 + r.nextInt(0x5fff))
            + ":"
            + Integer.toHexString(0x1000 + r.nextInt(0xefff));
  }

  static String vendorKey(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> "AKIA" + upperAlnum(r, 16);
      case 1 -> "ghp_" + alnum(r, 36);
      case 2 -> "sk_live_" + alnum(r, 24);
      case 3 -> "sk-proj-" + alnum(r, 40);
      default -> "xoxb-" + digits(r, 11) + "-" + alnum(r, 24);
    };
  }

  static String jwt(Random r) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    String payload =
        b64.encodeToString(
            ("{\"sub\":\"" + r.nextInt(100000) + "\",\"name\":\"user\"}").getBytes());
    byte[] sig = new byte[32];
    r.nextBytes(sig);
    return header + "." + payload + "." + b64.encodeToString(sig);
  }

  private static String digits(Random r, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(r.nextInt(10));
    }
    return s.toString();
  }

  private static String alnum(Random r, int n) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(chars.charAt(r.nextInt(chars.length())));
    }
    return s.toString();
  }

  private static String upperAlnum(Random r, int n) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(chars.charAt(r.nextInt(chars.length())));
    }
    return s.toString();
  }

  private static String hex(Random r, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return s.toString();
  }

  private static String base64(Random r, int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  /** Written by hand, in the words of real tickets; spans are found by value. */
  static List<Sample> handWritten() {
    List<Sample> out = new ArrayList<>();
    out.add(
        hand(
            "Card 4111 1111 1111 1111 was charged twice for order 1002.",
            PiiKind.CARD,
            "4111 1111 1111 1111"));
    out.add(hand("Order number 4111111111111112 never arrived (that's the order id, not a card)."));
    out.add(hand("Please call +44 20 7946 0958 after 5pm.", PiiKind.PHONE, "+44 20 7946 0958"));
    out.add(hand("Order #2125550123 is late, tracking 9400111899223197428490."));
    out.add(hand("Invoice 2024-000123 dated 2024-03-14 is wrong."));
    out.add(
        hand(
            "Reach me at ana.garcia@example.com or on (415) 555-2671.",
            PiiKind.EMAIL,
            "ana.garcia@example.com",
            PiiKind.PHONE,
            "(415) 555-2671"));
    out.add(
        hand(
            "My IBAN is GB82 WEST 1234 5698 7654 32, sort code 12-34-56.",
            PiiKind.IBAN,
            "GB82 WEST 1234 5698 7654 32"));
    out.add(hand("IBAN GB82 WEST 1234 5698 7654 33 bounced, is it a typo?"));
    out.add(hand("SSN 078-05-1120 appears on the form by mistake.", PiiKind.US_SSN, "078-05-1120"));
    out.add(hand("Part number 123-45-6789X is out of stock."));
    out.add(hand("My NI number is QQ 12 34 56 C according to the letter."));
    out.add(hand("NINO AB123456C for the payroll export.", PiiKind.UK_NINO, "AB123456C"));
    out.add(
        hand(
            "DNI 12345678Z, NIE X1234567L.",
            PiiKind.NATIONAL_ID,
            "12345678Z",
            PiiKind.NATIONAL_ID,
            "X1234567L"));
    out.add(
        hand(
            "The server at 192.168.1.20 rejected me; app version 3.4.1.2.",
            PiiKind.IP_ADDRESS,
            "192.168.1.20"));
    out.add(
        hand(
            "I was born on 14 March 1985, so the age check is wrong.",
            PiiKind.DATE_OF_BIRTH,
            "14 March 1985"));
    out.add(hand("The parcel arrived on 14 March 2025, broken."));
    out.add(
        hand(
            "We pasted our key sk_live_51HxYz9AbCdEfGhIjKlMnOpQr into the chat, sorry!",
            PiiKind.SECRET,
            "sk_live_51HxYz9AbCdEfGhIjKlMnOpQr"));
    out.add(
        hand("AWS says AKIAIOSFODNN7EXAMPLE is leaked.", PiiKind.SECRET, "AKIAIOSFODNN7EXAMPLE"));
    out.add(hand("Commit 9fceb02d0ae598e95dc970b74767f19372d61af8 broke checkout."));
    out.add(hand("My password is forgotten, can you reset it?"));
    out.add(
        hand("Temporary password: Xk9#mP2q!vL, please change it.", PiiKind.SECRET, "Xk9#mP2q!vL,"));
    out.add(hand("Refund id rf-3f2a9c1e-77b0 for order 1005."));
    out.add(
        hand(
            "Call me on 020 7946 0958, or text 07700 900123.",
            PiiKind.PHONE,
            "020 7946 0958",
            PiiKind.PHONE,
            "07700 900123"));
    out.add(
        hand(
            "Version 10.0.0.1 of the app crashes; IPv6 fe80::1ff:fe23:4567:890a shows in logs.",
            PiiKind.IP_ADDRESS,
            "fe80::1ff:fe23:4567:890a"));
    out.add(hand("Meeting at 12:30:45 about case 5566."));
    return out;
  }

  /** A hand-written sample; label values given as kind, value pairs in order of appearance. */
  private static Sample hand(String text, Object... kindValue) {
    List<Label> labels = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < kindValue.length; i += 2) {
      String value = (String) kindValue[i + 1];
      int start = text.indexOf(value, from);
      if (start < 0) {
        throw new IllegalArgumentException("value `" + value + "` not in `" + text + "`");
      }
      labels.add(new Label((PiiKind) kindValue[i], start, start + value.length()));
      from = start + value.length();
    }
    return new Sample(text, labels, KnownSubject.NONE);
  }
}
