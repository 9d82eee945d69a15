package dev.charter.activities.privacy;

/**
 * The kinds of personal data and secrets Charter detects. The token tag goes into redacted text
 * ({@code <card:1>}); the label goes into {@code DataLabels.piiKinds}, where policies read it.
 */
public enum PiiKind {
  EMAIL("email", "email", false),
  PHONE("phone", "phone", false),
  CARD("card", "card_number", true),
  IBAN("iban", "iban", true),
  US_SSN("ssn", "us_ssn", true),
  UK_NINO("nino", "uk_nino", true),
  /** Spanish DNI and NIE (check letter). */
  NATIONAL_ID("national-id", "national_id", true),
  IP_ADDRESS("ip", "ip_address", false),
  DATE_OF_BIRTH("dob", "date_of_birth", false),
  /** The customer's own name, known from the system of record. */
  PERSON_NAME("name", "person_name", false),
  /** The customer's own postal address, known from the system of record. */
  POSTAL_ADDRESS("address", "postal_address", false),
  /** The customer's own identifiers (customer id, account numbers) from the system of record. */
  CUSTOMER_ID("customer-id", "customer_id", false),
  /** API keys, tokens, private keys: never leave. */
  SECRET("secret", "secret", true);

  private final String tokenTag;
  private final String label;
  private final boolean restricted;

  PiiKind(String tokenTag, String label, boolean restricted) {
    this.tokenTag = tokenTag;
    this.label = label;
    this.restricted = restricted;
  }

  /** The tag in a redaction token, e.g. {@code card} in {@code <card:1>}. */
  public String tokenTag() {
    return tokenTag;
  }

  /** The label policies read in {@code context.labels.pii}. */
  public String label() {
    return label;
  }

  /** Payment data, national ids and secrets make an observation RESTRICTED. */
  public boolean restricted() {
    return restricted;
  }
}
