package dev.charter.model;

/** Why a prediction must not be acted on; the runtime hands such tickets to a human. */
public enum Abstention {
  /** The model's answer is {@code other}: the ticket fits no plan. */
  OTHER("fits no plan"),
  /** The text lies further from the in-scope training tickets than the threshold allows. */
  OUT_OF_DISTRIBUTION("out of distribution"),
  /** The (calibrated) confidence is below the threshold. */
  LOW_CONFIDENCE("low confidence");

  private final String reason;

  Abstention(String reason) {
    this.reason = reason;
  }

  /** A short reason a human reads, e.g. {@code fits no plan}. */
  public String reason() {
    return reason;
  }

  /**
   * The rule every version applies: {@code other} abstains; {@code escalation} never does (its plan
   * is the hand-over); an acting intent abstains when out of distribution or below the confidence
   * threshold. Uncalibrated versions (v1, v2) have no OOD score and a 0.5 threshold.
   *
   * @param oodScore the OOD score, or NaN when the model has none
   * @return the abstention, or null to act
   */
  static Abstention of(
      String label,
      double confidence,
      double oodScore,
      double confidenceThreshold,
      double oodThreshold) {
    Intent intent = Intent.fromLabel(label);
    if (intent == Intent.OTHER) {
      return OTHER;
    }
    if (!intent.acts()) {
      return null;
    }
    if (!Double.isNaN(oodScore) && oodScore > oodThreshold) {
      return OUT_OF_DISTRIBUTION;
    }
    return confidence < confidenceThreshold ? LOW_CONFIDENCE : null;
  }
}
