package dev.charter.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A value of one of Cedar's extension types, as an attribute, tag or context value: {@code
 * decimal}, {@code ipaddr}, {@code datetime}, {@code duration}, or a datetime shifted by a duration
 * ({@code offset}). Each holds Cedar's literal text and is checked when built, so a malformed
 * literal is refused at the edge, quoted, instead of failing a request later.
 *
 * <pre>{@code
 * Map.of("limit", ExtensionValue.decimal("250.00"),
 *        "openedAt", ExtensionValue.datetime(Instant.parse("2026-11-01T09:00:00Z")),
 *        "cooldown", ExtensionValue.duration(java.time.Duration.ofDays(7)),
 *        "network", ExtensionValue.ip("10.0.0.0/8"))
 * }</pre>
 */
public sealed interface ExtensionValue {

  /** Cedar's name of the constructor function, as in {@code {"__extn": {"fn": ...}}}. */
  String function();

  /** A {@code decimal}: up to four digits after the point, e.g. {@code 12.5}. */
  static Decimal decimal(String literal) {
    return new Decimal(literal);
  }

  /**
   * A {@code decimal} from a {@link BigDecimal} of at most four fractional digits.
   *
   * @throws IllegalArgumentException when rounding would be needed
   */
  static Decimal decimal(BigDecimal value) {
    BigDecimal plain = value.stripTrailingZeros();
    if (plain.scale() > 4) {
      throw new IllegalArgumentException(
          "decimal `" + value.toPlainString() + "` has more than four fractional digits");
    }
    String text = plain.scale() <= 0 ? plain.toBigInteger() + ".0" : plain.toPlainString();
    return new Decimal(text);
  }

  /** An {@code ipaddr}: an IPv4 or IPv6 address or range, e.g. {@code 10.0.0.0/8}. */
  static Ip ip(String literal) {
    return new Ip(literal);
  }

  /** A {@code datetime}, e.g. {@code 2026-11-29} or {@code 2026-11-29T10:00:00Z}. */
  static Datetime datetime(String literal) {
    return new Datetime(literal);
  }

  /** A {@code datetime} at an instant, to the millisecond. */
  static Datetime datetime(Instant instant) {
    // ISO_INSTANT writes seconds, plus three fractional digits when there are milliseconds: both
    // are forms Cedar reads.
    return new Datetime(
        DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS)));
  }

  /** A {@code duration}, e.g. {@code 1d2h}, {@code -30m}, {@code 1500ms}. */
  static Duration duration(String literal) {
    return new Duration(literal);
  }

  /** A {@code duration} of a {@link java.time.Duration}, to the millisecond. */
  static Duration duration(java.time.Duration duration) {
    return new Duration(duration.toMillis() + "ms");
  }

  /** The datetime {@code at} shifted by {@code by}: Cedar's {@code at.offset(by)}. */
  static Offset offset(Datetime at, Duration by) {
    return new Offset(at, by);
  }

  /** A Cedar {@code decimal}. */
  record Decimal(String literal) implements ExtensionValue {
    public Decimal {
      literal = checked(literal, "decimal", com.cedarpolicy.value.Decimal::new);
    }

    @Override
    public String function() {
      return "decimal";
    }
  }

  /** A Cedar {@code ipaddr}. */
  record Ip(String literal) implements ExtensionValue {
    public Ip {
      literal = checked(literal, "ip", com.cedarpolicy.value.IpAddress::new);
    }

    @Override
    public String function() {
      return "ip";
    }
  }

  /** A Cedar {@code datetime}. */
  record Datetime(String literal) implements ExtensionValue {
    public Datetime {
      literal = checked(literal, "datetime", com.cedarpolicy.value.DateTime::new);
    }

    @Override
    public String function() {
      return "datetime";
    }
  }

  /** A Cedar {@code duration}. */
  record Duration(String literal) implements ExtensionValue {
    public Duration {
      literal = checked(literal, "duration", com.cedarpolicy.value.Duration::new);
    }

    @Override
    public String function() {
      return "duration";
    }
  }

  /** A Cedar {@code datetime} written as {@code at.offset(by)}. */
  record Offset(Datetime at, Duration by) implements ExtensionValue {
    public Offset {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(by, "by");
    }

    @Override
    public String function() {
      return "offset";
    }
  }

  private static String checked(
      String literal, String function, java.util.function.Function<String, ?> parser) {
    Objects.requireNonNull(literal, function);
    try {
      parser.apply(literal);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "`" + literal + "` is not a Cedar " + function + "(...) literal", e);
    }
    return literal;
  }
}
