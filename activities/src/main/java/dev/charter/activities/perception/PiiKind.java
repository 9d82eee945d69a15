package dev.charter.activities.perception;

/**
 * The kinds of PII perception detects. The token tag goes into redacted text ({@code <card:1>});
 * the label goes into {@code DataLabels.piiKinds}, where policies read it.
 */
enum PiiKind {
  EMAIL("email", "email", false),
  PHONE("phone", "phone", false),
  CARD("card", "card_number", true),
  IBAN("iban", "iban", true);

  private final String tokenTag;
  private final String label;
  private final boolean financial;

  PiiKind(String tokenTag, String label, boolean financial) {
    this.tokenTag = tokenTag;
    this.label = label;
    this.financial = financial;
  }

  String tokenTag() {
    return tokenTag;
  }

  String label() {
    return label;
  }

  /** Payment data: seeing it makes an observation RESTRICTED rather than CONFIDENTIAL. */
  boolean financial() {
    return financial;
  }
}
